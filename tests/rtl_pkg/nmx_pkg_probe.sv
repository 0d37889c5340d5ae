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
  // the core's own synapse lane (rtl/nmx_synapse_lane.sv) at D = 64: its slot register
  input  logic                        clk_i,
  input  logic [SynBits-1:0]          syn_i,
  input  logic [DelayBits-1:0]        t_i,
  input  logic [DelayBits-1:0]        d_mask_i,
  output logic                        lane_valid_o,
  output logic [11:0]                 lane_post_o,
  output logic [5:0]                  slot_o,
  output logic signed [StateBits-1:0] lane_w_o,
  // the widths and micro-architecture constants, for comparison with the C++ headers
  output logic [7:0]                  state_bits_o, refrac_bits_o, delay_bits_o, scan_word_bits_o,
  output logic [7:0]                  synapse_pipe_o, neuron_pipe_o, barrier_o,
  // the load image (sim/l3/rtl_image.hpp ld::kAll, in that order): field k at [16k +: 16] = {lsb, bits}
  output logic [29*16-1:0]            layout_o,
  output logic [7:0]                  lane_stride_o, ld_addr_bits_o, load_lanes_o, router_depth_o,
  output logic [9*4-1:0]              ld_mem_o    // ld_mem_e value of LdAxon .. LdHostSpike at [4k +: 4]
);
  assign state_bits_o     = 8'(StateBits);
  assign refrac_bits_o    = 8'(RefracBits);
  assign delay_bits_o     = 8'(DelayBits);
  assign scan_word_bits_o = 8'(ScanWordBits);
  assign synapse_pipe_o   = 8'(SynapsePipe);
  assign neuron_pipe_o    = 8'(NeuronPipe);
  assign barrier_o        = 8'(BarrierCycles);
  assign layout_o[16*0 +: 16] = {8'(SynDelayLsb), 8'(DelayBits)};
  assign layout_o[16*1 +: 16] = {8'(SynCodeLsb), 8'(CodeBits)};
  assign layout_o[16*2 +: 16] = {8'(SynPostLsb), 8'(SynPostBits)};
  assign layout_o[16*3 +: 16] = {8'(SynValidBit), 8'(1)};
  assign layout_o[16*4 +: 16] = {8'(AxMantLsb), 8'(MantBits)};
  assign layout_o[16*5 +: 16] = {8'(AxExpLsb), 8'(ExpBits)};
  assign layout_o[16*6 +: 16] = {8'(AxTernBit), 8'(1)};
  assign layout_o[16*7 +: 16] = {8'(AxDenseBit), 8'(1)};
  assign layout_o[16*8 +: 16] = {8'(AxLenLsb), 8'(AxLenBits)};
  assign layout_o[16*9 +: 16] = {8'(AxBeginLsb), 8'(AxBeginBits)};
  assign layout_o[16*10 +: 16] = {8'(NaDuLsb), 8'(DecayBits + 1)};
  assign layout_o[16*11 +: 16] = {8'(NaDvLsb), 8'(DecayBits + 1)};
  assign layout_o[16*12 +: 16] = {8'(NaRefracLsb), 8'(RefracBits)};
  assign layout_o[16*13 +: 16] = {8'(NaSubBit), 8'(1)};
  assign layout_o[16*14 +: 16] = {8'(NaStochBit), 8'(1)};
  assign layout_o[16*15 +: 16] = {8'(NaSeedLsb), 8'(LfsrBits)};
  assign layout_o[16*16 +: 16] = {8'(NbThetaLsb), 8'(StateBits)};
  assign layout_o[16*17 +: 16] = {8'(NbBiasLsb), 8'(StateBits)};
  assign layout_o[16*18 +: 16] = {8'(0), 8'(LutBits)};
  assign layout_o[16*19 +: 16] = {8'(RpLoLsb), 8'(RpBits)};
  assign layout_o[16*20 +: 16] = {8'(RpHiLsb), 8'(RpBits)};
  assign layout_o[16*21 +: 16] = {8'(RtAxonLsb), 8'(AxonIdBits)};
  assign layout_o[16*22 +: 16] = {8'(RtCoreLsb), 8'(RtCoreBits)};
  assign layout_o[16*23 +: 16] = {8'(CcNeuronsLsb), 8'(CcNeuronsBits)};
  assign layout_o[16*24 +: 16] = {8'(CcAxonsLsb), 8'(CcAxonsBits)};
  assign layout_o[16*25 +: 16] = {8'(CcShiftLsb), 8'(ShiftBits)};
  assign layout_o[16*26 +: 16] = {8'(ChMaskLsb), 8'(DelayBits)};
  assign layout_o[16*27 +: 16] = {8'(ChCoresLsb), 8'(LdCoreBits)};
  assign layout_o[16*28 +: 16] = {8'(ChLatencyLsb), 8'(LatencyBits)};
  assign lane_stride_o  = 8'(LaneStride);
  assign ld_addr_bits_o = 8'(LdAddrBits);
  assign load_lanes_o   = 8'(LoadLanes);
  assign router_depth_o = 8'(RouterDepth);
  assign ld_mem_o = {LdHostSpike, LdConfig, LdRoute, LdRoutePtr, LdLut, LdNeuronB, LdNeuronA, LdSynapse, LdAxon};
  assign decay_o       = decay(x_i, d_i, DecayHalf);
  assign weight_o      = effective_weight(decode_code(code_i, ternary_i), mant_i, exp_i);
  assign acc_o         = sat_state(48'(x_i) + 48'(w_i));
  assign lfsr_o        = lfsr_next(lfsr_i);
  assign sigmoid_idx_o = sigmoid_index(x_i, shift_i);
  logic        lane_valid_d;  // the next values the core's ring reads early: not probed
  logic [11:0] lane_post_d;
  logic [5:0]  lane_slot_d;
  logic        unused_lane_d;
  assign unused_lane_d = ^{lane_valid_d, lane_post_d, lane_slot_d};
  nmx_synapse_lane #(.NW (12), .DW (6)) u_lane (
    .clk_i, .rst_ni (1'b1), .en_i (1'b1), .clear_i (1'b0), .valid_i (1'b1), .syn_i, .ternary_i,
    .mant_i, .exp_i, .t_i, .d_mask_i, .fault_delay_i (1'b0),
    .valid_o (lane_valid_o), .post_o (lane_post_o), .slot_o, .w_o (lane_w_o),
    .valid_d_o (lane_valid_d), .post_d_o (lane_post_d), .slot_d_o (lane_slot_d)
  );
endmodule
