#pragma once
// Helpers of the activity suites (issue 5): a campaign whose week is still ahead (so
// sessions can be reserved), activity bodies, publishing through the real review path,
// reservations with distinct valid phone numbers.
#include <nlohmann/json.hpp>

#include <string>

#include "support/http_client.hpp"

namespace sciweek::test {

// Next year's campaign (20–31 May, report deadline 12 June 18:00), created by the admin and
// opened; returns the year, or 0 with a gtest failure.
int CreateFutureCampaign(HttpClient& admin);

// "YYYY-05-DDTHH:MM:00+08:00".
std::string MayTime(int year, int day, int hour, int minute = 0);

// An offline activity in 海淀区 on 20 May with `sessions` sessions of `capacity` places each
// (09:00–10:00, 10:00–11:00, …).
nlohmann::json ActivityBody(int year, const std::string& title, int capacity, int sessions = 1);

// Created by `reporter`, submitted, approved by `reviewer`: the approved activity's JSON,
// or null with a gtest failure.
nlohmann::json Publish(HttpClient reporter, HttpClient reviewer, int year, const nlohmann::json& body);

// A distinct valid mainland mobile number for each n: 139 + 8 digits.
std::string TestPhone(long long n);

// POST /api/v1/public/sessions/{id}/reservations.
HttpResponse Reserve(HttpClient c, long long session_id, const std::string& phone, int party_size = 1,
                     const std::string& name = "测试观众");

// The visitor's ticket calls, the phone as the server wants it (never in the URL): GET and
// DELETE with X-Visitor-Phone, POST …/accept with {"phone"} in the body.
HttpResponse GetTicket(HttpClient c, const std::string& code, const std::string& phone);
HttpResponse CancelTicket(HttpClient c, const std::string& code, const std::string& phone);
HttpResponse AcceptOffer(HttpClient c, const std::string& code, const std::string& phone);

}  // namespace sciweek::test
