// Test-only: exposes nmx_pkg's mode-unit arithmetic, widths and load fields at the pins, so
// tests/rtl_pkg/test_mode_pkg.cpp can compare them with fixed_point.hpp, microarch.hpp and
// sim/l3/rtl_image.hpp (the memory codes: nmx_pkg_probe.sv).
module nmx_mode_probe
  import nmx_pkg::*;
(
  input  logic signed [ModeAccBits-1:0]  y_i,
  input  logic [ModeShiftBits-1:0]       s_i,
  output logic signed [StateBits-1:0]    scale_o,   // mode_scale(y, s)
  input  logic [TraceBits-1:0]           r_i,
  input  logic [DecayBits:0]             d_i,
  input  logic [TraceBits-1:0]           amp_i,
  input  logic                           spiked_i,
  output logic [TraceBits-1:0]           rate_o,    // trace_step(r, d, amp, spiked): r's step
  output logic [7:0]                     mode_max_o, code_bits_o, acc_bits_o, trace_bits_o, shift_bits_o,
  output logic [7:0]                     mode_pipe_o, addr_lsb_o,
  // sim/l3/rtl_image.hpp ld::kModeFields, in that order: field k at [16k +: 16] = {lsb, bits}
  output logic [8*16-1:0]                layout_o
);
  assign scale_o      = mode_scale(y_i, s_i);
  assign rate_o       = trace_step(r_i, d_i, amp_i, spiked_i);
  assign mode_max_o   = 8'(ModeMax);
  assign code_bits_o  = 8'(ModeCodeBits);
  assign acc_bits_o   = 8'(ModeAccBits);
  assign trace_bits_o = 8'(TraceBits);
  assign shift_bits_o = 8'(ModeShiftBits);
  assign mode_pipe_o  = 8'(ModePipe);
  assign addr_lsb_o   = 8'(ModeAddrLsb);
  assign layout_o[16*0 +: 16] = {8'(MxInLsb), 8'(ModeCodeBits)};
  assign layout_o[16*1 +: 16] = {8'(MxOutLsb), 8'(ModeCodeBits)};
  assign layout_o[16*2 +: 16] = {8'(McModesLsb), 8'(ModeCntBits)};
  assign layout_o[16*3 +: 16] = {8'(McShiftOutLsb), 8'(ModeShiftBits)};
  assign layout_o[16*4 +: 16] = {8'(McShiftLambdaLsb), 8'(ModeShiftBits)};
  assign layout_o[16*5 +: 16] = {8'(McShiftInLsb), 8'(ModeShiftBits)};
  assign layout_o[16*6 +: 16] = {8'(McDecayLsb), 8'(DecayBits + 1)};
  assign layout_o[16*7 +: 16] = {8'(McAmpLsb), 8'(TraceBits)};
endmodule
