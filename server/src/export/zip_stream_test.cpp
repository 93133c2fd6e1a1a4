// The zip stream read back by an independent reader (Python's zipfile, which checks every
// CRC-32 in testzip()): names in UTF-8, bytes intact, the announced size exact, ZIP64 records
// readable, unsafe names refused, a file that changed under the stream detected.
#include "export/zip_stream.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

namespace sciweek::exporting {
namespace {

namespace fs = std::filesystem;

class ZipStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("zip-stream-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    auto p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  ZipEntry Entry(const std::string& zip_name, const std::string& file, const std::string& bytes) {
    return {zip_name, Write(file, bytes), bytes.size(), 1684540800};  // 2023-05-20 08:00 Beijing
  }
  // Pulls the whole stream in awkward chunk sizes, as a socket would.
  std::string Drain(ZipStream& z) {
    std::string out;
    char buf[4099];
    std::size_t step = 1;
    for (;;) {
      const std::size_t n = z.Read(buf, step);
      if (n == 0) break;
      out.append(buf, n);
      step = step % (sizeof buf - 37) + 37;  // 37 … 4098: never past the buffer
    }
    return out;
  }
  // Runs Python's zipfile on the archive: "ok" plus one "name|size|sha-less bytes" line each.
  std::string PythonReads(const std::string& zip_bytes) {
    const auto zip = Write("out.zip", zip_bytes);
    const auto script = Write("read.py",
                              "import sys, zipfile\n"
                              "z = zipfile.ZipFile(sys.argv[1])\n"
                              "bad = z.testzip()\n"
                              "print('ok' if bad is None else 'bad ' + bad)\n"
                              "for i in z.infolist():\n"
                              "    print('%s|%d|%s|%d|%s' % (i.filename, i.file_size, z.read(i).hex(), "
                              "i.flag_bits & 0x800, '%04d-%02d-%02d %02d:%02d' % i.date_time[:5]))\n");
    const auto out = (dir_ / "py.txt").string();
    const int rc = std::system(("python3 " + script + " " + zip + " > " + out + " 2>&1").c_str());
    std::ifstream in(out);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    return (rc == 0 ? "" : "exit " + std::to_string(rc) + ": ") + text;
  }
  static std::string Hex(const std::string& s) {
    static const char* d = "0123456789abcdef";
    std::string h;
    for (unsigned char c : s) {
      h += d[c >> 4];
      h += d[c & 15];
    }
    return h;
  }
  fs::path dir_;
};

TEST_F(ZipStreamTest, AnIndependentReaderFindsEveryFileIntactUnderItsChineseName) {
  std::string big(300000, '\0');
  std::mt19937 rng(7);
  for (auto& c : big) c = static_cast<char>(rng());
  const std::string small = "总结报告正文";
  std::vector<ZipEntry> entries = {Entry("汇总表.xlsx", "a", small), Entry("单位材料/110108 海淀区/视频.mp4", "b", big),
                                   Entry("单位材料/110108 海淀区/空.txt", "c", "")};
  ZipStream z(entries);
  const std::string bytes = Drain(z);
  EXPECT_EQ(bytes.size(), z.Size()) << "the Content-Length sent before the first byte";
  const std::string py = PythonReads(bytes);
  EXPECT_EQ(py.rfind("ok\n", 0), 0u) << py;
  EXPECT_NE(py.find("汇总表.xlsx|" + std::to_string(small.size()) + "|" + Hex(small) + "|2048|2023-05-20 08:00"),
            std::string::npos)
      << py;
  EXPECT_NE(py.find("单位材料/110108 海淀区/视频.mp4|300000|" + Hex(big) + "|2048|"), std::string::npos);
  EXPECT_NE(py.find("单位材料/110108 海淀区/空.txt|0||2048|"), std::string::npos);
  EXPECT_EQ(z.Read(nullptr, 0), 0u);
}

TEST_F(ZipStreamTest, Zip64RecordsAreReadWhereverTheyAppear) {
  ZipStream z({Entry("a.txt", "a", "first"), Entry("目录/b.bin", "b", std::string(70000, 'x'))}, {}, true);
  const std::string bytes = Drain(z);
  EXPECT_EQ(bytes.size(), z.Size());
  const std::string py = PythonReads(bytes);
  EXPECT_EQ(py.rfind("ok\n", 0), 0u) << py;
  EXPECT_NE(py.find("a.txt|5|" + Hex("first") + "|"), std::string::npos) << py;
  EXPECT_NE(py.find("目录/b.bin|70000|"), std::string::npos) << py;
}

TEST_F(ZipStreamTest, AnEmptyArchiveIsStillAnArchive) {
  ZipStream z({});
  const std::string bytes = Drain(z);
  EXPECT_EQ(bytes.size(), 22u);
  EXPECT_EQ(PythonReads(bytes), "ok\n");
}

TEST_F(ZipStreamTest, NamesThatCouldEscapeTheFolderOrRepeatAreRefused) {
  const auto file = Write("f", "x");
  for (const std::string bad : {"/etc/passwd", "../up.txt", "a/../../b", "a//b", "a\\b", "a/", "", "./a"})
    EXPECT_THROW(ZipStream({{bad, file, 1, 0}}), std::invalid_argument) << bad;
  EXPECT_THROW(ZipStream({{"a", file, 1, 0}, {"a", file, 1, 0}}), std::invalid_argument);
  EXPECT_NO_THROW(ZipStream({{"a", file, 1, 0}, {"b/a", file, 1, 0}}));
}

TEST_F(ZipStreamTest, AFileThatChangedUnderTheStreamStopsIt) {
  const auto shrunk = Write("s", "abc");
  ZipStream shorter({{"s", shrunk, 10, 0}});
  EXPECT_THROW(Drain(shorter), std::runtime_error);
  ZipStream longer({{"l", Write("l", "abcdef"), 3, 0}});
  EXPECT_THROW(Drain(longer), std::runtime_error);
  ZipStream gone({{"g", (dir_ / "missing").string(), 3, 0}});
  EXPECT_THROW(Drain(gone), std::runtime_error);
}

TEST_F(ZipStreamTest, TempFilesGoWithTheStream) {
  const auto temp = Write("temp.xlsx", "x");
  {
    ZipStream z({{"t.xlsx", temp, 1, 0}}, {temp});
    EXPECT_TRUE(fs::exists(temp));
  }
  EXPECT_FALSE(fs::exists(temp));
}

TEST(SafeZipName, KeepsChineseAndDropsWhatSomeSystemRefuses) {
  EXPECT_EQ(SafeZipName("海淀区 总结.pdf"), "海淀区 总结.pdf");
  EXPECT_EQ(SafeZipName("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
  EXPECT_EQ(SafeZipName(".."), "_");
  EXPECT_EQ(SafeZipName("  .hidden. "), "hidden");
  EXPECT_EQ(SafeZipName(std::string("a\x01\nb")), "a__b");
  EXPECT_EQ(SafeZipName("\xff\xfe报告.pdf"), "pdf") << "not UTF-8: its ASCII only (and no leading dot)";
  const std::string long_name = std::string(200, 'x') + ".mp4";
  const auto cut = SafeZipName(long_name);
  EXPECT_LE(cut.size(), 100u);
  EXPECT_EQ(cut.substr(cut.size() - 4), ".mp4");
  const auto cut_cjk =
      SafeZipName(std::string(60, 'x') + std::string("视频视频视频视频视频视频视频视频视频视频视频视频") + ".mp4");
  EXPECT_LE(cut_cjk.size(), 100u);
  EXPECT_EQ(cut_cjk.substr(cut_cjk.size() - 4), ".mp4");
}

TEST(UniqueZipNames, NumbersRepeatsBeforeTheExtension) {
  UniqueZipNames names;
  EXPECT_EQ(names.Take("u/照片.jpg"), "u/照片.jpg");
  EXPECT_EQ(names.Take("u/照片.jpg"), "u/照片 (2).jpg");
  EXPECT_EQ(names.Take("u/照片 (2).jpg"), "u/照片 (2) (2).jpg");
  EXPECT_EQ(names.Take("u.d/readme"), "u.d/readme");
  EXPECT_EQ(names.Take("u.d/readme"), "u.d/readme (2)");
}

}  // namespace
}  // namespace sciweek::exporting
