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

TEST(Router, FirstAddedWinsAndEveryLengthIsLookedUp) {
  Router r;
  auto h = [](const Request&, const service::Ctx&) { return Response::NoContent(); };
  r.Add({"POST", "/api/v1/orgs/import", h});
  r.Add({"GET", "/api/v1/orgs/import", h});
  r.Add({"GET", "/api/v1/orgs/{code}", h});
  r.Add({"PUT", "/api/v1/orgs/{code}", h});
  r.Add({"GET", "/api/v1/orgs/{code}/users/{login}", h});
  r.Add({"GET", "/", h});
  // A literal added before a parameter takes the path, and no parameter is read.
  auto literal = r.Find("GET", "/api/v1/orgs/import");
  ASSERT_TRUE(literal.route);
  EXPECT_EQ(literal.route->pattern, "/api/v1/orgs/import");
  EXPECT_TRUE(literal.params.empty());
  // HEAD is answered by GET; the parameters are the matching route's alone.
  auto head = r.Find("HEAD", "/api/v1/orgs/110108/users/张三");
  ASSERT_TRUE(head.route);
  EXPECT_EQ(head.params.size(), 2U);
  EXPECT_EQ(head.params["code"], "110108");
  EXPECT_EQ(head.params["login"], "张三");
  // Every method the path takes is listed for a 405, each once (the Allow header).
  auto wrong = r.Find("DELETE", "/api/v1/orgs/import");
  EXPECT_FALSE(wrong.route);
  EXPECT_TRUE(wrong.method_mismatch);
  EXPECT_EQ(wrong.allowed, (std::vector<std::string>{"POST", "GET", "PUT"}));
  // Shorter and longer than any pattern, and the root.
  EXPECT_FALSE(r.Find("GET", "/api").route);
  EXPECT_FALSE(r.Find("GET", "/api/v1/orgs/1/users/2/3/4/5/6/7").route);
  EXPECT_TRUE(r.Find("GET", "/").route);
  EXPECT_FALSE(r.Find("GET", "").route);
}

TEST(Router, KnowsTheMethodsWithARouteOnTheIoThread) {
  Router r;
  auto h = [](const Request&, const service::Ctx&) { return Response::NoContent(); };
  r.Add({"GET", "/api/v1/public/activities", h});
  EXPECT_FALSE(r.AnyOnIoThread("POST"));
  Route take{"POST", "/api/v1/public/sessions/{id}/reservations", h};
  take.later_on_io_thread = true;
  r.Add(take);
  EXPECT_TRUE(r.AnyOnIoThread("POST"));
  EXPECT_FALSE(r.AnyOnIoThread("GET")) << "a static file is never looked up for the I/O thread";
}

TEST(Query, DecodesPercentAndPlus) {
  auto q = ParseQuery("q=%E6%B5%B7%E6%B7%80+x&empty=&bad=%ZZ");
  EXPECT_EQ(q["q"], "海淀 x");
  EXPECT_EQ(q["empty"], "");
  EXPECT_FALSE(q.count("bad"));
}

}  // namespace sciweek::http
