// Test-only: exposes nmx_pkg's arithmetic at the pins, so tests/rtl can compare it with
// models/chip/fixed/fixed_point.hpp at the edges.
module nmx_pkg_probe
  import nmx_pkg::*;
(
  input  logic signed [StateBits-1:0] x_i,
  input  logic [DecayBits:0]          d_i,
  input  logic [CodeBits-1:0]         code_i,
  input  logic                        ternary_i,
  input  logic [7:0]                  mant_i,
  input  logic [3:0]                  exp_i,
  input  logic [LfsrBits-1:0]         lfsr_i,
  input  logic [4:0]                  shift_i,
  input  logic signed [StateBits-1:0] w_i,
  output logic signed [StateBits-1:0] decay_o,
  output logic signed [StateBits-1:0] weight_o,
  output logic signed [StateBits-1:0] acc_o,      // sat(x + w)
  output logic [LfsrBits-1:0]         lfsr_o,
  output logic [7:0]                  sigmoid_idx_o,
  output logic [5:0]                  slot_o,     // (x[5:0] + code[5:0]) & 63: the delay-slot wrap at D = 64
  // the widths and micro-architecture constants, for comparison with the C++ headers
  output logic [7:0]                  state_bits_o, refrac_bits_o, delay_bits_o, scan_word_bits_o,
  output logic [7:0]                  synapse_pipe_o, neuron_pipe_o, barrier_o
);
  assign state_bits_o     = 8'(StateBits);
  assign refrac_bits_o    = 8'(RefracBits);
  assign delay_bits_o     = 8'(DelayBits);
  assign scan_word_bits_o = 8'(ScanWordBits);
  assign synapse_pipe_o   = 8'(SynapsePipe);
  assign neuron_pipe_o    = 8'(NeuronPipe);
  assign barrier_o        = 8'(BarrierCycles);
  assign decay_o       = decay(x_i, d_i, DecayHalf);
  assign weight_o      = effective_weight(decode_code(code_i, ternary_i), mant_i, exp_i);
  assign acc_o         = sat_state(48'(x_i) + 48'(w_i));
  assign lfsr_o        = lfsr_next(lfsr_i);
  assign sigmoid_idx_o = sigmoid_index(x_i, shift_i);
  assign slot_o        = 6'(x_i[5:0] + code_i[5:0]);
endmodule
