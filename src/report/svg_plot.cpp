#include "report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/escape.h"
#include "report/format.h"

namespace perfwarden::report {

void PlotFrame::fit(double lowest, double highest) {
  const double pad =
      highest > lowest ? (highest - lowest) * 0.08 : std::max(std::fabs(highest) * 0.05, 1.0);
  low = std::max(0.0, lowest - pad);
  high = highest + pad;
}

double PlotFrame::x(double i, std::size_t points) const {
  const double span = width - left - right;
  return left + (points > 1 ? span * i / static_cast<double>(points - 1) : span / 2);
}

double PlotFrame::y(double value) const {
  return top + (height - top - bottom) * (high - value) / (high - low);
}

std::string svg_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

void open_plot(std::ostream& svg, const PlotFrame& frame, std::string_view css_class,
               std::string_view title, const std::string& metric) {
  svg << "<svg class=\"plot " << css_class << "\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
      << frame.width << "\" height=\"" << frame.height << "\" viewBox=\"0 0 " << frame.width << " "
      << frame.height << "\" role=\"img\"><title>" << escape_html(title)
      << "</title><g font-size=\"11\" fill=\"#57606a\">";
  for (double v : {frame.low, (frame.low + frame.high) / 2, frame.high}) {
    svg << "<line x1=\"" << frame.left << "\" x2=\"" << frame.width - frame.right << "\" y1=\""
        << svg_number(frame.y(v)) << "\" y2=\"" << svg_number(frame.y(v))
        << "\" stroke=\"#eaeef2\"/><text x=\"" << frame.left - 6 << "\" y=\""
        << svg_number(frame.y(v) + 4) << "\" text-anchor=\"end\">"
        << escape_html(format_metric_value(metric, v)) << "</text>";
  }
}

}  // namespace perfwarden::report
