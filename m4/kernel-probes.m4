dnl One UEPF_KERNEL_TRY per kernel API difference (see doc/portability.md).
