#include "service/reservations/qr_svg.hpp"

#include <qrencode.h>

#include <memory>

namespace sciweek::service {

std::string QrSvg(const std::string& text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M),
                                                     &QRcode_free);
  if (!qr) return {};
  const int n = qr->width, quiet = 4, size = n + 2 * quiet;
  std::string path;
  path.reserve(static_cast<size_t>(n) * n * 6);
  // One rectangle per horizontal run of dark modules: a third of the size of one per module.
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n;) {
      if (!(qr->data[y * n + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < n && (qr->data[y * n + x + run] & 1)) ++run;
      const std::string w = std::to_string(run);
      path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h" + w + "v1h-" + w + "z";
      x += run;
    }
  const std::string dim = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + dim + " " + dim +
         "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"入场二维码\"><rect width=\"" + dim +
         "\" height=\"" + dim + "\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
}

}  // namespace sciweek::service
