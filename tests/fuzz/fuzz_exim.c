/*
 * fuzz_exim.c - the harness of fuzz_postfix.c (the whole pipeline: parser,
 * sessions, rules, NDJSON and text writers, with the same checks) with
 * the Exim parser in front.
 */
#define FUZZ_PARSER	parser_exim
#include "fuzz_postfix.c"
