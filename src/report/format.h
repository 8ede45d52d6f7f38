#pragma once

#include <string>

namespace perfwarden::report {

// Shared number formatting so every renderer prints the same figure the same way.
std::string format_duration_ns(double nanoseconds);    // "812 ns", "3.41 µs", "1.82 ms", "2.10 s"
std::string format_count(double count);             // "812", "3.41 k", "1.82 M", "2.10 G"
// A per-iteration value in its metric's unit: durations for times, counts for "instructions".
std::string format_metric_value(const std::string& metric, double value);
std::string format_change(double ratio);               // "+12.3%", "-4.0%", "+20183%"
std::string format_interval(double low, double high);  // "[+9.8%, +15.1%]"
std::string format_threshold(double threshold);        // "5%"
std::string short_id(const std::string& id);           // first 12 hex digits

}  // namespace perfwarden::report
