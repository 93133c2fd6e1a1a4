#include "http/print_page.hpp"

#include "domain/decimal.hpp"

namespace sciweek::http {

std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string Figure(const domain::FormField& f, const std::optional<domain::Hundredths>& v) {
  if (!v) return "";
  return f.type == domain::FieldType::kInteger ? domain::FormatInteger(*v) : domain::FormatDecimal2(*v);
}

}  // namespace

std::string PrintPage(const service::PrintableReport& p) {
  const auto& v = p.view;
  const std::string title = std::to_string(v.campaign.year) + "年" + v.form.title_suffix;
  std::string rows;
  if (p.area)
    rows +=
        "<thead><tr><th colspan=\"2\" scope=\"col\">项目</th><th scope=\"col\">本单位</th>"
        "<th scope=\"col\">辖区合计</th></tr></thead>\n";
  rows += "<tbody>\n";
  for (const auto& s : v.form.sections) {
    const bool single = s.fields.size() == 1;
    for (size_t i = 0; i < s.fields.size(); ++i) {
      const auto& f = s.fields[i];
      auto it = v.report.values.find(f.code);
      const std::string own = it != v.report.values.end() ? Figure(f, it->second) : "";
      rows += "<tr>";
      if (single) {
        rows += "<th colspan=\"2\" scope=\"row\">" + HtmlEscape(s.label) + "</th>";
      } else {
        if (i == 0)
          rows += "<th rowspan=\"" + std::to_string(s.fields.size()) + "\" scope=\"rowgroup\">" + HtmlEscape(s.label) +
                  "</th>";
        rows += "<th scope=\"row\">" + HtmlEscape(f.label) + "</th>";
      }
      rows += "<td class=\"num\">" + HtmlEscape(own) + "</td>";
      if (p.area) {
        auto a = p.area->sums.find(f.code);
        // An item nobody in the area filed reads 0 in the area: the area's reports are all in.
        rows += "<td class=\"num area\">" +
                HtmlEscape(Figure(f, a != p.area->sums.end() ? a->second : domain::Hundredths{0})) + "</td>";
      }
      rows += "</tr>\n";
    }
  }
  rows += "</tbody>";
  const std::string scope = p.area ? "（本单位数据及辖区合计）" : "（本单位数据）";
  const std::string area_note =
      p.area ? "<p class=\"note\">辖区合计：本单位及所属单位已提交（含已审核通过）的报表之和，共 " +
                   std::to_string(p.area->units) + " 家单位，每家单位只计一次。</p>"
             : "";
  return "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) + " - " +
         HtmlEscape(v.org.name) +
         "</title><style>"
         "body{font-family:'SimSun','Songti SC','Noto Serif CJK SC','WenQuanYi Micro Hei',serif;margin:2cm;color:#000}"
         "h1{font-size:20pt;text-align:center;margin:0 0 16pt}"
         ".unit{font-size:13pt;margin:0 0 8pt}"
         ".instructions{font-size:10.5pt;margin:0 0 8pt}"
         "table{border-collapse:collapse;width:100%;font-size:12pt}"
         "th,td{border:1px solid #000;padding:6pt 8pt;text-align:left;font-weight:normal}"
         "td.num{text-align:right;width:22%}"
         ".note{font-size:10.5pt;margin:6pt 0 0}"
         ".seal{margin-top:28pt;display:flex;justify-content:space-between;font-size:13pt;min-height:4cm}"
         ".hint{color:#555;font-size:10pt;margin-top:12pt}"
         "@media print{.hint{display:none}body{margin:1.5cm}}"
         "@page{size:A4;margin:1.5cm}"
         "</style></head><body>"
         "<h1>" +
         HtmlEscape(title) +
         "</h1>"
         "<p class=\"unit\">各区、各有关部门（盖章）：" +
         HtmlEscape(v.org.name) + scope +
         "</p>"
         "<p class=\"instructions\">填报说明：" +
         HtmlEscape(v.form.instructions) +
         "</p>"
         "<table>" +
         rows + "</table>" + area_note +
         "<div "
         "class=\"seal\"><span>填报人：</span><span>联系电话：</span><span>填报日期：　　年　　月　　日</span></div>"
         "<p class=\"hint\">请使用浏览器的打印功能（Ctrl+P）打印本页，盖章后扫描上传。状态：" +
         HtmlEscape(std::string(domain::ReportStatusLabel(v.report.status))) +
         "</p>"
         "</body></html>";
}

}  // namespace sciweek::http
