"""The sample newsroom served on loopback, for `mediamon demo`, the tests and the benchmarks."""
