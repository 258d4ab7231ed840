/*
 * report_html_page.c - the HTML report's frame: the head with the page's
 * language and styles, the findings table with its filters and script,
 * and the pieces that put the catalogue's words (msg.h) into the page,
 * escaped.  What the page says is report_html.c's and its traffic part
 * report_html_traffic.c's; report_pat.c writes its patterns with these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/escape.h"
#include "lib/msg.h"
#include "lib/xmalloc.h"
#include "report_html_page.h"

void
hpage_elem(FILE *fp, const char *open, enum msg_id id, const char *close)
{
	fputs(open, fp);
	esc_html(fp, msg(id));
	fputs(close, fp);
}

void
hpage_heads(FILE *fp, const enum msg_id *ids, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		hpage_elem(fp, "<th>", ids[i], "</th>");
}

void
hpage_fmt(FILE *fp, const char *fmt, const char *arg)
{
	const char	*p = strstr(fmt, "%s");
	char		*head;

	if (p == NULL) {
		esc_html(fp, fmt);
		return;
	}
	head = xstrdup(fmt);

	head[p - fmt] = '\0';
	esc_html(fp, head);
	free(head);
	esc_html(fp, arg);
	esc_html(fp, p + 2);
}

void
hpage_para(FILE *fp, enum msg_id id, const char *sub, const char *s)
{
	fputs("<p><b>", fp);
	esc_html(fp, msg(id));
	if (sub != NULL) {
		fputs(" (", fp);
		esc_html(fp, sub);
		fputs(")", fp);
	}
	esc_html(fp, msg(MSG_COLON));
	fputs("</b> ", fp);
	esc_html(fp, s);
	fputs("</p>\n", fp);
}

static const char style[] =
"<style>\n"
"body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;"
"padding:0 16px 40px;color:#222}\n"
"h1{font-size:22px;margin:18px 0 4px}h2{font-size:18px;margin:28px 0 8px;"
"border-bottom:1px solid #ddd}h3{margin:18px 0 6px}h4{margin:10px 0 4px}\n"
".chart{width:100%;height:auto;display:block}.lbl{font-size:12px;"
"fill:#333}.axis{stroke:#999}\n"
".legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px}"
"\n.note,small{color:#666}.kv th{text-align:left;padding-right:12px}\n"
"table.grid{border-collapse:collapse;width:100%;font-size:12px}"
".grid td,.grid th{border:1px solid #ddd;padding:3px 5px;text-align:left;"
"vertical-align:top}.grid td{word-break:break-word}\n"
".rule{border-left:3px solid #c0392b;padding-left:10px;margin:8px 0}\n"
"#filters input,#filters select{margin-right:8px}\n"
"</style>\n";

/*
 * The table script: rows come from the JSON in #rows; filters by text,
 * code and cause, also set from the address ("report.html#code=554&q=
 * spamhaus", so a filtered view can be linked); 50 rows a page.  Text goes
 * in with textContent only.
 */
static const char script[] =
"<script>\n"
"(function(){\n"
"var rows=JSON.parse(document.getElementById('rows').textContent);\n"
"var q=document.getElementById('q'),fc=document.getElementById('fcode'),"
"fa=document.getElementById('fcause'),tb=document.querySelector('#findings"
" tbody'),info=document.getElementById('pageinfo'),page=0,shown=rows,"
"PER=50;\n"
"function opts(sel,col){var seen={};rows.forEach(function(r){seen[r[col]]"
"=1});Object.keys(seen).sort().forEach(function(v){var o=document."
"createElement('option');o.value=v;o.textContent=v;sel.appendChild(o)})}\n"
"opts(fc,1);opts(fa,3);\n"
"function filter(){var t=q.value.toLowerCase();shown=rows.filter("
"function(r){if(fc.value&&String(r[1])!==fc.value)return false;if(fa."
"value&&r[3]!==fa.value)return false;if(!t)return true;return r.join("
"' ').toLowerCase().indexOf(t)>=0});page=0;draw()}\n"
"function draw(){tb.textContent='';var pages=Math.max(1,Math.ceil(shown."
"length/PER));if(page>=pages)page=pages-1;shown.slice(page*PER,page*PER+"
"PER).forEach(function(r){var tr=document.createElement('tr');[0,1,2,3,5,"
"6,7,9,10,11].forEach(function(i){var td=document.createElement('td');"
"var v=r[i];if(i===1&&r[8])v=r[1]+' '+r[8];td.textContent=v===null?'':"
"String(v);tr.appendChild(td)});tb.appendChild(tr)});info.textContent="
"info.dataset.fmt.replace('{rows}',shown.length).replace('{page}',page+1)"
".replace('{pages}',pages)}\n"
"document.getElementById('prev').onclick=function(){if(page>0){page--;"
"draw()}};document.getElementById('next').onclick=function(){page++;"
"draw()};\n"
"q.oninput=filter;fc.onchange=filter;fa.onchange=filter;\n"
"location.hash.replace(/^#/,'').split('&').forEach(function(kv){var i=kv."
"indexOf('=');if(i<0)return;var k=kv.slice(0,i),v=decodeURIComponent(kv."
"slice(i+1));if(k==='q')q.value=v;if(k==='code')fc.value=v;if(k==="
"'cause')fa.value=v});filter();\n"
"})();\n"
"</script>\n";

/* filters - the table's filters and head, in the catalogue's words; the
 * script reads the page-info format from its data-fmt attribute. */
static void
filters(FILE *fp)
{
	static const enum msg_id cols[] = { MSG_HTML_COL_TIME,
	    MSG_HTML_COL_CODE, MSG_HTML_COL_SOURCE, MSG_HTML_COL_CAUSE,
	    MSG_HTML_COL_DIR, MSG_HTML_COL_PEER, MSG_HTML_COL_COMMAND,
	    MSG_HTML_COL_TEXT, MSG_HTML_COL_WHY, MSG_HTML_COL_LINE };

	fputs("<p id=filters><input id=q type=search placeholder=\"", fp);
	esc_html(fp, msg(MSG_HTML_FILTER_TEXT));
	fputs("\"><select id=fcode><option value=\"\">", fp);
	esc_html(fp, msg(MSG_HTML_ANY_CODE));
	fputs("</option></select><select id=fcause><option value=\"\">", fp);
	esc_html(fp, msg(MSG_HTML_ANY_CAUSE));
	fputs("</option></select><button id=prev>&lsaquo;</button><button "
	    "id=next>&rsaquo;</button> <span id=pageinfo data-fmt=\"", fp);
	esc_html(fp, msg(MSG_HTML_PAGEINFO));
	fputs("\"></span></p>\n<table id=findings class=grid><thead><tr>",
	    fp);
	hpage_heads(fp, cols, sizeof(cols) / sizeof(cols[0]));
	fputs("</tr></thead><tbody></tbody></table>\n<noscript>", fp);
	esc_html(fp, msg(MSG_HTML_NOSCRIPT));
	fputs("</noscript>\n", fp);
}

void
hpage_head(FILE *fp)
{
	fputs("<!DOCTYPE html>\n<html lang=", fp);
	esc_html(fp, msg_lang());
	fputs(">\n<head>\n<meta charset=utf-8>"
	    "\n<meta name=viewport content=\"width=device-width\">\n<title>",
	    fp);
	esc_html(fp, msg(MSG_HTML_TITLE));
	fputs("</title>\n", fp);
	fputs(style, fp);
	fputs("</head>\n<body>\n<h1>", fp);
	esc_html(fp, msg(MSG_HTML_TITLE));
	fputs("</h1>\n", fp);
}

void
hpage_table(FILE *fp, const char *rows)
{
	filters(fp);
	fputs("<script id=rows type=\"application/json\">[", fp);
	if (rows != NULL)
		fputs(rows, fp);
	fputs("]</script>\n", fp);
	fputs(script, fp);
	fputs("</body>\n</html>\n", fp);
}
