/* tokenize.h: tokenizer and sentence splitter (the second pipeline stage).
 *
 * Turns nk_doc.text (UTF-8) into sentences of tokens following the
 * Universal Dependencies English conventions (EWT/GUM): punctuation, quotes
 * and brackets are tokens of their own; clitics are split off ("don't" ->
 * "do" "n't", "can't" -> "ca" "n't", "Russia's" -> "Russia" "'s", "I'm" ->
 * "I" "'m", "gonna" -> "gon" "na"); hyphenated compounds are split as
 * current EWT and GUM do ("long-range" -> "long" "-" "range") except after
 * a prefix ("e-mail", "non-profit", "co-worker"); numbers with separators
 * ("9,000", "1.6", "10:30", "2024-09-12", "713-555-0100", "9/11"), known
 * abbreviations and initials ("U.S.", "Mr.", "J."), URLs and e-mail
 * addresses stay one token; "$1.6" -> "$" "1.6", "3.5%" -> "3.5" "%",
 * "5pm" -> "5" "pm".
 *
 * Every token's [begin,end) byte span is exactly its form: forms are never
 * normalised (curly quotes stay curly), so concatenating the forms and the
 * spaces recorded by space_after rebuilds the text up to whitespace.
 *
 * Sentences end
 *  - at every line break (news paragraphs are lines; a headline without
 *    final punctuation is a sentence of its own); blank lines are skipped;
 *  - after . ! ? ... (and any closing quotes or brackets attached to them)
 *    when whitespace and then an upper-case letter, a digit or an opening
 *    quote/bracket follow;
 *  - after an abbreviation that can end a sentence (U.S., Inc., etc., a.m.)
 *    only when a typical sentence-initial word follows ("in the U.S. The
 *    president"), never after titles and initials (Mr., Dr., St., "J.");
 *  - after a news dateline at the start of a line ("KHARTOUM, June 4 -",
 *    "THE HAGUE --", "WASHINGTON (Reuters) -");
 *  - after NK_TOKENIZE_MAX_SENTENCE tokens, as a guard for pathological
 *    input (a megabyte without punctuation).
 * NUL bytes are treated as line breaks (they end a sentence and belong to
 * no token), so sentence texts never contain NUL.
 */
#ifndef NK_TOKENIZE_H
#define NK_TOKENIZE_H

#include "document.h"
#include "util.h"

/* A sentence longer than this many tokens is cut. */
#define NK_TOKENIZE_MAX_SENTENCE 1000

/* Tokenize DOC->text[0..DOC->len) and append its sentences to DOC (tokens,
 * forms and sentence texts are allocated in DOC->arena; tokens get
 * begin/end, form and space_after, head -1 and no tags).  Returns NK_OK, or
 * NK_ERR_PARSE when the text is not valid UTF-8: the error (with the byte
 * offset and line:column of the first bad byte) goes to SINK and DOC gets
 * no sentences.  A document without text gets no sentences. */
int nk_tokenize(nk_doc *doc, nk_diag_sink *sink);

/* NK_ERR_PARSE, reported to SINK under NAME as nk_tokenize reports it, when
 * TEXT[0..len) is not valid UTF-8; NK_OK otherwise. */
int nk_tokenize_check(const char *name, const char *text, size_t len, nk_diag_sink *sink);

/* Tokenize only the bytes [BEGIN, END) of DOC->text, which must be valid
 * UTF-8 (nk_tokenize_check), appending their sentences with offsets into
 * the whole text; a line cut by END ends there.  LINES is the number of
 * non-blank lines before BEGIN (datelines are looked for in the first
 * lines of a text); returns that number at END.  Lets a long text be
 * analysed window by window in bounded memory (nk_extract_text). */
unsigned nk_tokenize_range(nk_doc *doc, size_t begin, size_t end, unsigned lines);

#endif
