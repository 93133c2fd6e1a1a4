#include "http/json/json_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sciweek::http {
namespace {

TEST(JsonWriter, WritesNestedObjectsAndArraysThatParseBack) {
  JsonWriter w;
  w.BeginObject()
      .Key("code")
      .String("A1")
      .Key("n")
      .Int(-42)
      .Key("big")
      .Int(9007199254740993LL)
      .Key("ok")
      .Bool(true)
      .Key("none")
      .Null()
      .Key("maybe")
      .StringOrNull(std::nullopt)
      .Key("inner")
      .BeginObject()
      .Key("a")
      .Bool(false)
      .EndObject()
      .Key("list")
      .BeginArray()
      .Int(1)
      .BeginObject()
      .EndObject()
      .BeginArray()
      .EndArray()
      .Raw(R"({"x":1})")
      .EndArray()
      .Key("键")
      .String("值")
      .EndObject();
  const auto parsed = nlohmann::json::parse(w.Take());
  const nlohmann::json expected = {{"code", "A1"},
                                   {"n", -42},
                                   {"big", 9007199254740993LL},
                                   {"ok", true},
                                   {"none", nullptr},
                                   {"maybe", nullptr},
                                   {"inner", {{"a", false}}},
                                   {"list", {1, nlohmann::json::object(), nlohmann::json::array(), {{"x", 1}}}},
                                   {"键", "值"}};
  EXPECT_EQ(parsed, expected);
}

TEST(JsonWriter, TakeLeavesItEmpty) {
  JsonWriter w;
  w.BeginArray().EndArray();
  EXPECT_EQ(w.Take(), "[]");
  w.BeginObject().EndObject();
  EXPECT_EQ(w.Take(), "{}");
}

}  // namespace
}  // namespace sciweek::http
