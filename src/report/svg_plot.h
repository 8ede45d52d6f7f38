#pragma once

// The frame both HTML pages draw their value plots in (a report's per-round values, history's
// refreshes): an SVG of fixed size and margins, a linear y axis over the values padded by 8%
// (never below zero) with three labelled gridlines, and points spread evenly along x.

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace perfwarden::report {

struct PlotFrame {
  double width, height, left, right, top, bottom;
  double low = 0.0, high = 1.0;  // the y axis; set by fit()

  // The axis for values in [lowest, highest]: padded by 8% of their spread (or 5% of the value,
  // at least 1, when all are equal), never below zero.
  void fit(double lowest, double highest);
  double x(double i, std::size_t points) const;  // position i of `points`, evenly spread
  double y(double value) const;
};

std::string svg_number(double value);  // one decimal: "123.4"

// Opens the <svg> (class `css_class`, `title` escaped here) and its label group, and draws the
// three gridlines labelled in `metric`'s unit. The caller adds its x-axis labels, then closes
// the group ("</g>"), draws its marks and closes the <svg>.
void open_plot(std::ostream& svg, const PlotFrame& frame, std::string_view css_class,
               std::string_view title, const std::string& metric);

}  // namespace perfwarden::report
