/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_MODULEPARAM_H
#define _LINEINFO_SHIM_LINUX_MODULEPARAM_H
/* No parameters in userspace: the switch stays at its default (on). */
struct kernel_param;
struct kernel_param_ops {
	int (*get)(char *buf, const struct kernel_param *kp);
};
#define module_param_named(name, value, type, perm)	\
	static __attribute__((unused)) bool *__param_##name = &(value)
#define module_param_cb(name, ops, arg, perm)		\
	static __attribute__((unused)) const struct kernel_param_ops *__param_##name = (ops)
#define MODULE_PARM_DESC(name, desc)
#endif
