#pragma once
// Activities from a spreadsheet (issue 10 §5, decision 0018): the template a unit downloads
// (sheet 活动: one activity per row under fixed headers; sheet 填写说明: how to fill it, an
// example and the allowed values) and reading it back from the grid the browser sends.
// Headers are found by their text, so columns may be moved. Times are Beijing wall times
// ("2027-05-20 09:00", or an Excel date-time cell); sessions are one cell,
// "09:00-10:00 50；2027-05-21 14:00-15:30 80" (a date before a time range, else the
// activity's first day). Pure: the service resolves districts, checks plans and writes drafts.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "domain/activity.hpp"
#include "domain/campaign.hpp"
#include "domain/report_import.hpp"
#include "domain/workbook.hpp"

namespace sciweek::domain {

// The template for a campaign: `districts` (code, name) listed for the 所在区 column.
Workbook ActivityTemplateWorkbook(const Campaign& campaign,
                                  const std::vector<std::pair<std::string, std::string>>& districts);

// One activity row as read: the plan (district_code holds the cell's text: a code or a
// name), the cell of each field by the API's field names ("title", "sessions", …), and the
// problems of reading it (times, yes/no, sessions) named by cell.
struct ImportedActivity {
  std::string sheet;
  int row = 0;  // 1-based
  Activity plan;
  std::map<std::string, std::string> cells;
  std::vector<ImportProblem> problems;
};

// Rows of every sheet whose header row has 活动名称 and 开始时间; a no_table problem when none.
std::vector<ImportedActivity> ReadActivityGrid(const std::vector<ImportSheet>& sheets,
                                               std::vector<ImportProblem>& problems);

// The cell a plan problem's field belongs to ("sessions[1].capacity" → the 场次 cell).
std::string CellOfField(const ImportedActivity& a, const std::string& field);

}  // namespace sciweek::domain
