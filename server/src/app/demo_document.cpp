#include "app/demo_document.hpp"

#include <filesystem>
#include <fstream>

namespace sciweek::app {
namespace {

// A minimal valid PDF 1.4 (one page of Helvetica text), its xref offsets counted exactly.
constexpr char kPdf[] =
    "%PDF-1.4\n"
    "1 0 obj\n"
    "<< /Type /Catalog /Pages 2 0 R >>\n"
    "endobj\n"
    "2 0 obj\n"
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
    "endobj\n"
    "3 0 obj\n"
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\n"
    "endobj\n"
    "4 0 obj\n"
    "<< /Length 57 >>\n"
    "stream\n"
    "BT /F1 18 Tf 72 760 Td (Science Week demo document) Tj ET\n"
    "endstream\n"
    "endobj\n"
    "5 0 obj\n"
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\n"
    "endobj\n"
    "xref\n"
    "0 6\n"
    "0000000000 65535 f \n"
    "0000000009 00000 n \n"
    "0000000058 00000 n \n"
    "0000000115 00000 n \n"
    "0000000241 00000 n \n"
    "0000000348 00000 n \n"
    "trailer\n"
    "<< /Size 6 /Root 1 0 R >>\n"
    "startxref\n"
    "418\n"
    "%%EOF\n";

}  // namespace

core::Result<std::string> WriteDemoPdf(service::FileStore& files) {
  const std::string path = files.NewTempPath();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::binary);
  out.write(kPdf, sizeof kPdf - 1);
  out.close();
  if (!out) return core::Error::Internal("cannot write " + path);
  return path;
}

}  // namespace sciweek::app
