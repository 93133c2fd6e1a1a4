#pragma once
// A one-page PDF the demo uploads where a document is needed (an emergency plan, a summary
// report): written to a fresh temp path of the content store, as an upload would be.
#include <string>

#include "core/result.hpp"
#include "service/support/file_store.hpp"

namespace sciweek::app {

core::Result<std::string> WriteDemoPdf(service::FileStore& files);

}  // namespace sciweek::app
