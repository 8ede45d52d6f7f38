// A built binary of the pull request's code, read for the identical-code short-circuit: any bytes
// give an image or a problem, never an exception or a read outside the input.

#include "build/loadable_image.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  std::string image, problem;
  try {
    if (!build::loadable_image(fuzz::as_text(data, size), image, problem)) {
      fuzz::require(!problem.empty(), "refused without a problem");
    }
  } catch (const std::exception& e) {
    fuzz::violation("loadable_image threw", e.what());
  }
  return 0;
}
