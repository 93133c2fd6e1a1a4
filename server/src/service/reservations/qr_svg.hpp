#pragma once
// A QR code (libqrencode) drawn as a self-contained SVG: no script, no external reference,
// so it can be shown inline or as a data: image under the page's CSP.
#include <string>

namespace sciweek::service {

// Error correction level M, 4-module quiet zone; empty on failure.
std::string QrSvg(const std::string& text);

}  // namespace sciweek::service
