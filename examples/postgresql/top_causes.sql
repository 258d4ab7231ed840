-- Findings by cause (a bar chart), with how many of them were inferred.
SELECT coalesce(cause, 'unclassified') AS cause, count(*) AS findings,
       count(*) FILTER (WHERE rec->>'code_source' = 'inferred') AS inferred
FROM smtplog
WHERE type = 'finding'
GROUP BY 1
ORDER BY 2 DESC, 1;
