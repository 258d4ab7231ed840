-- Findings per hour by reply code (a Grafana time series: one series per code).
SELECT date_trunc('hour', ts) AS hour, code, count(*) AS findings
FROM smtplog
WHERE type = 'finding'
GROUP BY 1, 2
ORDER BY 1, 2;
