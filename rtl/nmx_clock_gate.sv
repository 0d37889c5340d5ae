// A latch-based clock gate, an ICG cell's behaviour: the enable is sampled while the clock
// is low, so the gated clock never glitches. The one place to swap in a library ICG.
module nmx_clock_gate (
  input  logic clk_i,
  input  logic en_i,
  output logic clk_o
);
  logic en_l;
  always_latch begin
    if (!clk_i) en_l = en_i;
  end
  assign clk_o = clk_i & en_l;
endmodule
