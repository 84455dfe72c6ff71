/* hugemem_internal.h (not installed): zeroed memory for large read-mostly
 * tables, backed by huge pages where the kernel offers them.
 *
 * The tagger's and the parser's weight tables (4-16 MB each) are read at
 * random addresses, a few hundred lookups per word: with 4 KB pages nearly
 * every lookup also misses the TLB.  Memory from nk_hugemem_calloc is
 * aligned to 2 MB and marked MADV_HUGEPAGE (Linux transparent huge pages,
 * mode "madvise" or "always"), so a table is a handful of TLB entries.
 * Elsewhere, or when the kernel says no, it is ordinary memory: nothing
 * but speed depends on it.
 *
 * Ownership: the caller frees the block with nk_hugemem_free, giving the
 * size it asked for.  Aborts on exhaustion like nk_xcalloc.
 */
#ifndef NK_HUGEMEM_INTERNAL_H
#define NK_HUGEMEM_INTERNAL_H

#include <stddef.h>

/* N bytes, zeroed: from mmap, aligned and advised, when N is 1 MB or
 * more (on Linux); from calloc otherwise or when mmap fails. */
void *nk_hugemem_calloc(size_t n);

/* Free a block of N bytes from nk_hugemem_calloc (N as allocated; NULL is
 * a no-op). */
void nk_hugemem_free(void *p, size_t n);

#endif
