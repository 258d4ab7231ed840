/*
 * fuzz_transcript.c - libFuzzer harness for the pipeline behind the
 * transcript parser: fuzz_postfix.c's checks (every NDJSON line a JSON
 * object, finding strings kept, no control byte in the text report, no
 * leak) with parser_transcript and the dialogue module behind it.
 *
 * fuzz-max-len: 8192 (the -max_len of make fuzz and fuzz-long)
 */
#define FUZZ_PARSER	parser_transcript
#include "fuzz_postfix.c"
