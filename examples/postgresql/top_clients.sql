-- The clients (inbound) with the most findings, and their commonest cause.
SELECT peer_ip, count(*) AS findings,
       mode() WITHIN GROUP (ORDER BY cause) AS main_cause
FROM smtplog
WHERE type = 'finding' AND rec->>'direction' = 'inbound' AND peer_ip IS NOT NULL
GROUP BY 1
ORDER BY 2 DESC, 1
LIMIT 10;
