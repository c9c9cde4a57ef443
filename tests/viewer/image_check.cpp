// Checks the viewer's screenshots for the screenshot test (screenshot_test.sh).
//
//   retrogait_image_check nontrivial IMAGE WIDTH HEIGHT MIN_COLORS
//       the image has the size, at least MIN_COLORS distinct colours, no colour covers more
//       than 70 % of it, and its views (if a layout is given as 6th argument) are not flat.
//   retrogait_image_check diff OFF.png ON.png LAYOUT.json TAG [MIN_PIXELS]
//       the pixels that change when an overlay is switched on lie inside the screen box that
//       the viewer reported for that overlay's primitives and labels (grown by 6 px): at least
//       MIN_PIXELS (default 150) changed inside, and at least 90 % of all changes inside.
//   retrogait_image_check similar A.png B.png MAX_MEAN_DIFF
//       same size, and the mean absolute difference per channel (0–255) is at most
//       MAX_MEAN_DIFF and less than half the difference to B upside down (a video frame
//       against the screenshot of the same instant: lossy coding, same orientation).
// Exit 0 = pass, 1 = fail (with a message), 2 = usage or I/O error.

#include <stb_image.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const {
    return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
  }
};

bool load(const std::string& file, Image& image) {
  int w = 0, h = 0, n = 0;
  unsigned char* data = stbi_load(file.c_str(), &w, &h, &n, 3);
  if (!data) {
    std::fprintf(stderr, "%s: cannot read the image\n", file.c_str());
    return false;
  }
  image.width = w;
  image.height = h;
  image.rgb.assign(data, data + static_cast<std::size_t>(w) * h * 3);
  stbi_image_free(data);
  return true;
}

int nontrivial(int argc, char** argv) {
  if (argc < 6) return 2;
  Image img;
  if (!load(argv[2], img)) return 2;
  const int w = std::atoi(argv[3]), h = std::atoi(argv[4]), minColors = std::atoi(argv[5]);
  if (img.width != w || img.height != h) {
    std::fprintf(stderr, "%s: size %dx%d, expected %dx%d\n", argv[2], img.width, img.height, w, h);
    return 1;
  }
  std::unordered_map<unsigned, long> counts;
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const unsigned char* p = img.at(x, y);
      ++counts[(static_cast<unsigned>(p[0]) << 16) | (static_cast<unsigned>(p[1]) << 8) | p[2]];
    }
  }
  long top = 0;
  for (const auto& [c, n] : counts) top = std::max(top, n);
  const double topShare = static_cast<double>(top) / (static_cast<double>(w) * h);
  std::printf("%s: %dx%d, %zu colours, most common colour %.1f %%\n", argv[2], w, h, counts.size(),
              100 * topShare);
  if (static_cast<int>(counts.size()) < minColors) {
    std::fprintf(stderr, "%s: only %zu distinct colours (need %d)\n", argv[2], counts.size(),
                 minColors);
    return 1;
  }
  if (topShare > 0.70) {
    std::fprintf(stderr, "%s: one colour covers %.0f %% of the image\n", argv[2], 100 * topShare);
    return 1;
  }
  if (argc >= 7) {
    std::ifstream in(argv[6]);
    const nlohmann::json layout = nlohmann::json::parse(in);
    for (const auto& view : layout.at("views")) {
      const auto r = view.at("rect");
      std::unordered_map<unsigned, long> viewColors;
      for (int y = static_cast<int>(r[1].get<double>()); y < static_cast<int>(r[3].get<double>());
           y += 2) {
        for (int x = static_cast<int>(r[0].get<double>()); x < static_cast<int>(r[2].get<double>());
             x += 2) {
          const unsigned char* p = img.at(x, y);
          ++viewColors[(static_cast<unsigned>(p[0]) << 16) | (static_cast<unsigned>(p[1]) << 8) |
                       p[2]];
        }
      }
      if (viewColors.size() < 200) {
        std::fprintf(stderr, "%s: a 3D view has only %zu colours\n", argv[2], viewColors.size());
        return 1;
      }
    }
  }
  return 0;
}

int diff(int argc, char** argv) {
  if (argc < 6) return 2;
  Image off, on;
  if (!load(argv[2], off) || !load(argv[3], on)) return 2;
  if (off.width != on.width || off.height != on.height) {
    std::fprintf(stderr, "images differ in size\n");
    return 1;
  }
  std::ifstream in(argv[4]);
  if (!in) {
    std::fprintf(stderr, "%s: cannot read the layout\n", argv[4]);
    return 2;
  }
  const nlohmann::json layout = nlohmann::json::parse(in);
  const std::string tag = argv[5];
  const long minPixels = argc >= 7 ? std::atol(argv[6]) : 150;
  // TAG may name several tags joined by '+' (an overlay can draw several kinds of primitive).
  std::vector<std::string> tags;
  for (std::size_t start = 0;;) {
    const std::size_t plus = tag.find('+', start);
    tags.push_back(tag.substr(start, plus == std::string::npos ? std::string::npos : plus - start));
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  std::vector<std::array<double, 4>> boxes;
  for (const auto& view : layout.at("views")) {
    for (const std::string& t : tags) {
      if (!view.at("boxes").contains(t)) continue;
      const auto b = view.at("boxes").at(t);
      boxes.push_back({b[0].get<double>() - 6, b[1].get<double>() - 6, b[2].get<double>() + 6,
                       b[3].get<double>() + 6});
    }
  }
  if (boxes.empty()) {
    std::fprintf(stderr, "the layout has no '%s' primitives: the overlay drew nothing\n",
                 tag.c_str());
    return 1;
  }
  long inside = 0, outside = 0;
  for (int y = 0; y < on.height; ++y) {
    for (int x = 0; x < on.width; ++x) {
      const unsigned char* a = off.at(x, y);
      const unsigned char* b = on.at(x, y);
      const int d = std::max({std::abs(a[0] - b[0]), std::abs(a[1] - b[1]), std::abs(a[2] - b[2])});
      if (d <= 24) continue;
      bool hit = false;
      for (const auto& bx : boxes) {
        if (x >= bx[0] && x <= bx[2] && y >= bx[1] && y <= bx[3]) hit = true;
      }
      (hit ? inside : outside)++;
    }
  }
  const double share = inside + outside > 0 ? static_cast<double>(inside) / (inside + outside) : 0;
  std::printf("%s: %ld changed pixels inside its boxes, %ld outside (%.1f %% inside)\n",
              tag.c_str(), inside, outside, 100 * share);
  if (inside < minPixels) {
    std::fprintf(stderr, "%s: only %ld pixels changed where it is drawn (need %ld)\n", tag.c_str(),
                 inside, minPixels);
    return 1;
  }
  if (share < 0.9) {
    std::fprintf(stderr, "%s: %.0f %% of the changed pixels are outside where it is drawn\n",
                 tag.c_str(), 100 * (1 - share));
    return 1;
  }
  return 0;
}

int similar(int argc, char** argv) {
  if (argc < 5) return 2;
  Image a, b;
  if (!load(argv[2], a) || !load(argv[3], b)) return 2;
  if (a.width != b.width || a.height != b.height) {
    std::fprintf(stderr, "%s is %dx%d, %s is %dx%d\n", argv[2], a.width, a.height, argv[3], b.width,
                 b.height);
    return 1;
  }
  const double maxMean = std::atof(argv[4]);
  double sum = 0, flippedSum = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      const unsigned char* p = a.at(x, y);
      const unsigned char* q = b.at(x, y);
      const unsigned char* f = b.at(x, a.height - 1 - y);
      for (int c = 0; c < 3; ++c) {
        sum += std::abs(static_cast<int>(p[c]) - static_cast<int>(q[c]));
        flippedSum += std::abs(static_cast<int>(p[c]) - static_cast<int>(f[c]));
      }
    }
  }
  const double n = 3.0 * a.width * a.height;
  const double mean = sum / n, flipped = flippedSum / n;
  std::printf("%s vs %s: mean difference %.2f per channel (%.2f against it upside down)\n", argv[2],
              argv[3], mean, flipped);
  if (mean > maxMean) {
    std::fprintf(stderr, "%s: differs from %s by %.2f on average (at most %.2f)\n", argv[2],
                 argv[3], mean, maxMean);
    return 1;
  }
  if (!(mean < 0.5 * flipped)) {
    std::fprintf(stderr, "%s: looks upside down against %s\n", argv[2], argv[3]);
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "nontrivial") {
    const int r = nontrivial(argc, argv);
    if (r == 2)
      std::fprintf(stderr, "usage: %s nontrivial IMAGE WIDTH HEIGHT MIN_COLORS [LAYOUT]\n",
                   argv[0]);
    return r;
  }
  if (argc >= 2 && std::string(argv[1]) == "diff") {
    const int r = diff(argc, argv);
    if (r == 2)
      std::fprintf(stderr, "usage: %s diff OFF.png ON.png LAYOUT.json TAG [MIN_PIXELS]\n", argv[0]);
    return r;
  }
  if (argc >= 2 && std::string(argv[1]) == "similar") {
    const int r = similar(argc, argv);
    if (r == 2) std::fprintf(stderr, "usage: %s similar A.png B.png MAX_MEAN_DIFF\n", argv[0]);
    return r;
  }
  std::fprintf(stderr, "usage: %s nontrivial|diff|similar ...\n", argv[0]);
  return 2;
}
