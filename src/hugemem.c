/* hugemem.c: see hugemem_internal.h. */
#define _DEFAULT_SOURCE 1 /* madvise, MADV_HUGEPAGE */
#include "hugemem_internal.h"

#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "util.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_MIN ((size_t)1 << 20)

void *nk_hugemem_calloc(size_t n)
{
    if (n < HUGE_MIN)
        return nk_xcalloc(n ? n : 1, 1);
    size_t rounded = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void *p = NULL;
    if (posix_memalign(&p, HUGE_PAGE, rounded) != 0 || !p)
        return nk_xcalloc(n, 1);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)madvise(p, rounded, MADV_HUGEPAGE);
#endif
    memset(p, 0, rounded);
    return p;
}

void nk_hugemem_free(void *p)
{
    free(p);
}
