/* plan_facts.h - what a plan's own fields say about it, computed in one place: the years it
 * covers, the kind of document it is (行动计划, 规划, 实施意见 … from its title), the level of
 * government it is made at (from its region tree) and so how its units' kinds read, the place
 * a local government unit answers for, and the Chinese numeral of an action's number. Pure. */
#ifndef INNOMON_CORE_PLAN_FACTS_H
#define INNOMON_CORE_PLAN_FACTS_H

#include <stddef.h>

#include "core/plan.h"

/* The first year the plan covers: the year it was issued (0 when issued has no year). */
int plan_first_year(const struct plan *p);
/* The last year the plan covers: the latest of its valid_until year, its target year and its
 * targets' years. An evaluation of a later period has nothing to evaluate. */
int plan_last_year(const struct plan *p);

/* The kind of document, from the end of the Chinese title (a trailing "（2022—2025年）" or
 * "（试行）" aside): "action_plan" (行动计划), "action_programme" (行动方案),
 * "implementation_plan" (实施方案), "implementing_opinions" (实施意见), "outline" (纲要),
 * "plan" (规划), "programme" (方案), "opinions" (意见), "measures" (措施), else "document".
 * The message doc_kind.<name> gives its words. */
const char *plan_doc_kind(const struct plan *p);

/* The level of government the plan is made at: the kind of its top region (a region without
 * parents; the highest when there are several): "nation", "province", "city", "county",
 * "district", or "province" when the plan has no such region. */
const char *plan_level(const struct plan *p);

/* The region a local government unit answers for: for a unit of kind city_gov, the region of
 * kind city, county or district whose Chinese name begins the unit's (长沙市人民政府 -> 长沙,
 * 岳麓区人民政府 -> 岳麓区); -1 for any other unit or when none matches. */
int plan_unit_place(const struct plan *p, int unit);

/* The message key of unit u's kind as its level makes it read: unit_kind.<kind>.<level>, where
 * the level is the plan's for departments (省直部门 in a provincial plan, 市直部门 in a city's)
 * and the unit's own place's for a local government (市人民政府, 区人民政府). Keys of kinds
 * without levels are unit_kind.<kind>. */
const char *plan_unit_kind_key(const struct plan *p, int u, char *out, size_t cap);

/* The Chinese numeral of n (1..99): 一 … 十, 十一 … 十九, 二十, 二十一 … 九十九; into
 * out[16]; for other n its decimal digits. */
const char *zh_numeral(int n, char *out);

#endif
