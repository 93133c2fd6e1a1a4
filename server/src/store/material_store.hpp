#pragma once
// Metadata of uploaded materials (the bytes live in the content store) and media-report
// entries of a report.
#include <optional>
#include <string>
#include <vector>

#include "store/db.hpp"

namespace sciweek::store {

struct MaterialRow {
  long long id = 0;
  long long report_id = 0;
  std::string kind;  // summary | photo | video | scan
  std::string filename;
  std::string mime;
  long long size = 0;
  std::string sha256;
  std::optional<long long> duration_ms;
  long long created_at = 0;
  std::string created_by;
};

struct MediaReportRow {
  long long id = 0;
  long long report_id = 0;
  std::string outlet, title, url, published_on;
  long long created_at = 0;
  std::string created_by;
};

// A row of a whole campaign's listing: which unit's report it belongs to.
template <typename Row>
struct OfUnit {
  std::string org_code;
  Row row;
};

class MaterialStore {
 public:
  static long long Insert(Tx& tx, const MaterialRow& m);
  static std::vector<MaterialRow> List(Tx& tx, long long report_id);
  static std::optional<MaterialRow> Find(Tx& tx, long long id);
  static void Delete(Tx& tx, long long id);

  static long long InsertMediaReport(Tx& tx, const MediaReportRow& m);
  static std::vector<MediaReportRow> MediaReports(Tx& tx, long long report_id);
  static std::optional<MediaReportRow> FindMediaReport(Tx& tx, long long id);
  static void DeleteMediaReport(Tx& tx, long long id);

  // Every unit's materials and media reports of one campaign, by unit code then upload order
  // (the organizer's summary pack and media list).
  static std::vector<OfUnit<MaterialRow>> ForCampaign(Tx& tx, int year);
  static std::vector<OfUnit<MediaReportRow>> MediaReportsForCampaign(Tx& tx, int year);
};

}  // namespace sciweek::store
