# WARN_ON() from lkdtm (module frame + core frames); the system continues.
lkdtm_trigger WARNING
