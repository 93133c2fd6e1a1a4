#include "http/router.hpp"

#include <gtest/gtest.h>

namespace sciweek::http {

TEST(Router, MatchesParamsAndReportsWrongMethod) {
  Router r;
  auto h = [](const Request&, const service::Ctx&) { return Response::NoContent(); };
  r.Add({"GET", "/api/v1/orgs/{code}", h});
  r.Add({"POST", "/api/v1/orgs/import", h});
  auto m = r.Find("GET", "/api/v1/orgs/110108");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params["code"], "110108");
  auto wrong = r.Find("DELETE", "/api/v1/orgs/import");
  EXPECT_FALSE(wrong.route);
  EXPECT_TRUE(wrong.method_mismatch);
  EXPECT_FALSE(r.Find("GET", "/api/v1/orgs/").route);
  EXPECT_FALSE(r.Find("GET", "/api/v1/orgs/a/b").route);
}

TEST(Query, DecodesPercentAndPlus) {
  auto q = ParseQuery("q=%E6%B5%B7%E6%B7%80+x&empty=&bad=%ZZ");
  EXPECT_EQ(q["q"], "海淀 x");
  EXPECT_EQ(q["empty"], "");
  EXPECT_FALSE(q.count("bad"));
}

}  // namespace sciweek::http
