// A C++17 game-server plugin's use of libsonoran, with RAII: the client and every returned
// string are owned by std::unique_ptr with the library's own deleters, so nothing leaks on
// any path and nothing is released with the wrong allocator.
//
// Build (see README, "C and C++"):
//   cmake -S examples/cpp -B build/cpp -DCMAKE_PREFIX_PATH=$PWD/build/c && cmake --build build/cpp
//   build/cpp/sonoran_cpp_example http://127.0.0.1:8080
#include <sonoran.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace sonoran {

struct ClientDeleter {
  void operator()(SonoranClient *c) const noexcept { sonoran_client_free(c); }
};
struct StringDeleter {
  void operator()(char *s) const noexcept { sonoran_string_free(s); }
};
using ClientPtr = std::unique_ptr<SonoranClient, ClientDeleter>;
using Envelope = std::unique_ptr<char, StringDeleter>;

// Copies an envelope out and frees the library's copy.
inline std::string take(char *raw) {
  Envelope owned(raw);
  return owned ? std::string(owned.get()) : std::string();
}

class Client {
 public:
  explicit Client(const std::string &config_json) : client_(sonoran_client_new(config_json.c_str())) {
    if (!client_) throw std::runtime_error(std::string("sonoran: ") + sonoran_last_error());
  }
  std::string call(const char *operation, const std::string &params) const {
    return take(sonoran_call(client_.get(), operation, params.c_str()));
  }
  uint64_t submit(const char *operation, const std::string &params) const {
    return sonoran_submit(client_.get(), operation, params.c_str());
  }
  // Empty while pending.
  std::string poll(uint64_t id) const { return take(sonoran_poll(client_.get(), id)); }

 private:
  ClientPtr client_;
};

}  // namespace sonoran

int main(int argc, char **argv) {
  const char *url = argc > 1 ? argv[1] : "http://127.0.0.1:8080";
  try {
    sonoran::Client client(std::string(R"({"communityId":"demo-community","apiKey":"demo-api-key","apiUrl":")") + url +
                           R"(","timeoutMs":5000})");
    std::cout << "libsonoran " << sonoran_version() << "\n";
    std::cout << "identifiers: " << client.call("get_account_identifiers", R"({"apiId":"Steam:1234"})").substr(0, 100) << "...\n";

    std::vector<uint64_t> pending = {
        client.submit("get_account", R"({"username":"JohnDoe"})"),
        client.submit("get_account_units", R"({"accountUuid":"00000000-0000-0000-0000-000000000000"})"),
    };
    for (int tick = 1; !pending.empty() && tick < 1000; ++tick) {
      for (auto it = pending.begin(); it != pending.end();) {
        std::string result = client.poll(*it);
        if (result.empty()) {
          ++it;
          continue;
        }
        std::cout << "tick " << tick << ": request " << *it << " -> " << result.substr(0, 100) << "...\n";
        it = pending.erase(it);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(16));
    }
    std::cout << "all results collected: " << (pending.empty() ? "yes" : "no") << "\n";
    return pending.empty() ? 0 : 1;
  } catch (const std::exception &e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}
