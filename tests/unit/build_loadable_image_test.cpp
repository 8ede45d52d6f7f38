#include <gtest/gtest.h>

#include <fstream>

#include "build/loadable_image.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden::build {
namespace {
namespace fs = std::filesystem;

// Compiles `source` (C) into an executable with extra flags, returns its path.
fs::path compile(const util::TempDir& dir, const std::string& name, const std::string& source,
                 std::vector<std::string> flags = {}) {
  util::write_file_atomically(dir.path() / (name + ".c"), source);
  std::vector<std::string> argv = {"cc", "-O1", (dir.path() / (name + ".c")).string(), "-o",
                                   (dir.path() / name).string()};
  argv.insert(argv.end(), flags.begin(), flags.end());
  util::PosixProcessRunner runner;
  auto result = runner.run({.argv = argv, .stderr_to_stdout = true});
  EXPECT_TRUE(result.succeeded()) << result.stdout_text;
  return dir.path() / name;
}

std::string image_of(const fs::path& path) {
  std::string problem;
  auto image = loadable_image_of(path, problem);
  EXPECT_TRUE(image) << problem;
  return image.value_or("");
}

TEST(BuildLoadableImage, DebugInfoAndBuildIdDoNotCountCodeAndDataDo) {
  util::TempDir dir("perfwarden-elf");
  const std::string program = "int f(int x) { return x * 3; }\nint main(void) { return f(2); }\n";
  auto plain = image_of(compile(dir, "plain", program, {"-Wl,--build-id=sha1"}));
  // Debug info (and with it a different build id) is not loaded: the same image.
  EXPECT_EQ(plain, image_of(compile(dir, "debug", program, {"-g", "-Wl,--build-id=sha1"})));
  // Different code, or different data, loads different bytes.
  EXPECT_NE(plain, image_of(compile(dir, "code",
                                    "int f(int x) { return x * 5; }\n"
                                    "int main(void) { return f(2); }\n")));
  EXPECT_NE(plain, image_of(compile(dir, "data", program + "const char* s = \"a string\";\n")));
}

TEST(BuildLoadableImage, WhatIsNotA64BitElfFileIsAProblem) {
  std::string image, problem;
  EXPECT_FALSE(loadable_image("", image, problem));
  EXPECT_EQ(problem, "not an ELF file");
  EXPECT_FALSE(loadable_image(std::string("\x7f"
                                          "ELF\x01\x01",
                                          6) +
                                  std::string(58, '\0'),
                              image, problem));
  EXPECT_EQ(problem, "not a 64-bit little-endian ELF file");
  std::string header = std::string(
                           "\x7f"
                           "ELF\x02\x01",
                           6) +
                       std::string(58, '\0');
  header[0x3A] = 64;    // e_shentsize
  header[0x3C] = 1;     // one section header...
  header[0x28] = 0x7f;  // ...at an offset past the end
  EXPECT_FALSE(loadable_image(header, image, problem));
  EXPECT_EQ(problem, "unreadable section headers");
}

TEST(BuildLoadableImage, ATruncatedBinaryIsAProblemNotACrash) {
  util::TempDir dir("perfwarden-elf");
  auto path = compile(dir, "plain", "int main(void) { return 0; }\n");
  std::string bytes = util::read_text_file(path);
  std::string image, problem;
  ASSERT_TRUE(loadable_image(bytes, image, problem)) << problem;
  for (std::size_t cut : {bytes.size() / 2, bytes.size() - 1, std::size_t{100}}) {
    EXPECT_FALSE(loadable_image(std::string_view(bytes).substr(0, cut), image, problem)) << cut;
  }
}

}  // namespace
}  // namespace perfwarden::build
