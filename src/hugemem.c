/* hugemem.c: see hugemem_internal.h. */
#define _DEFAULT_SOURCE 1 /* MAP_ANONYMOUS, madvise, MADV_HUGEPAGE */
#include "hugemem_internal.h"

#include <stdint.h>
#include <stdlib.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "util.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_MIN ((size_t)1 << 20)

#if defined(__linux__) && defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
#define USE_MMAP 1
#else
#define USE_MMAP 0
#endif

static size_t rounded(size_t n)
{
    return (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *nk_hugemem_calloc(size_t n)
{
#if USE_MMAP
    if (n >= HUGE_MIN && n <= SIZE_MAX - 2 * HUGE_PAGE) {
        /* map one huge page more than needed, keep the aligned part: the
         * kernel hands out zeroed pages, nothing to clear here */
        size_t len = rounded(n), span = len + HUGE_PAGE;
        void *m = mmap(NULL, span, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m != MAP_FAILED) {
            uintptr_t a = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
            size_t head = (size_t)(a - (uintptr_t)m), tail = span - head - len;
            if (head)
                munmap(m, head);
            if (tail)
                munmap((char *)a + len, tail);
            (void)madvise((void *)a, len, MADV_HUGEPAGE);
            return (void *)a;
        }
        /* no room for the extra page: unaligned, still freed by munmap */
        m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
        if (m == MAP_FAILED)
            abort(); /* out of memory, as nk_xcalloc */
        return m;
    }
#endif
    return nk_xcalloc(n ? n : 1, 1);
}

void nk_hugemem_free(void *p, size_t n)
{
    if (!p)
        return;
#if USE_MMAP
    if (n >= HUGE_MIN && n <= SIZE_MAX - 2 * HUGE_PAGE) {
        munmap(p, rounded(n));
        return;
    }
#endif
    (void)n;
    free(p);
}
