// JsonInput, the strict reader under every JSON request body: any bytes as a body come
// back as typed fields or a 4xx listing the problems; nothing throws or crashes. The
// handlers that read a body inline (login, password, walk-ins, media reports) use exactly
// these readers.
#include "http/json/json_input.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  auto in = http::JsonInput::Parse(fuzz::AsString(data, size));
  if (!in) {
    fuzz::CheckRefusal(in.error());
    return 0;
  }
  in->String("login", true, 64);
  in->String("title", false, 800);
  in->Int("count", true, -1, 10000000);
  in->Bool("inline", false);
  in->Raw("values", false);
  auto finished = in->Finish();
  if (!finished) fuzz::CheckRefusal(finished.error());
  return 0;
}
