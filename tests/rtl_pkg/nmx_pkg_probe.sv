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
  output logic [9*8-1:0]              plastic_cycles_o,  // PlSweepDrain .. PlYWriteCycles at [8k +: 8]
  output logic [7:0]                  trace_bits_o, elig_bits_o, learn_bits_o, rule_const_bits_o, rule_product_bits_o,
  output logic [7:0]                  rule_frac_bits_o, max_groups_o,
  // the load image (sim/l3/rtl_image.hpp ld::kAll, in that order): field k at [16k +: 16] = {lsb, bits}
  output logic [58*16-1:0]            layout_o,
  output logic [7:0]                  lane_stride_o, ld_addr_bits_o, load_lanes_o, router_depth_o,
  output logic [21*8-1:0]             ld_mem_o,   // ld_mem_e value of LdAxon .. LdTernary at [8k +: 8]
  output logic [7:0]                  ld_mem_bits_o,
  output logic [4*8-1:0]              phase_o,    // PhaseSynaptic, PhaseNeuron, PhasePlastic, PhaseMode at [8k +: 8]
  output logic [7:0]                  phase_bits_o,
  // the plasticity unit's arithmetic (rtl/nmx_plastic_alu.sv)
  input  logic [RmBits-1:0]                  rule_i,
  input  logic [TraceBits-1:0]               x1_i, x2_i, y1_i, y2_i,
  input  logic signed [EligBits-1:0]         e_i,
  input  logic signed [LearnBits-1:0]        l_i,
  input  logic signed [CodeBits-1:0]         pw_i,
  input  logic [DelayBits-1:0]               pd_i,
  input  logic signed [StateBits-1:0]        pv_i,
  input  logic [LutBits-1:0]                 pp_i,
  input  logic signed [RuleProdRegBits-1:0]  prod_i,
  input  logic [RuleShiftBits-1:0]           rshift_i,
  input  logic                               negative_i, counts_i, nearest_i,
  input  logic signed [RuleSumBits-1:0]      sum_i,
  input  logic [LfsrBits-1:0]                rlfsr_i,
  input  logic signed [CodeBits-1:0]         w_min_i, w_max_i,
  input  logic [DelayBits-1:0]               d_max_i,
  output logic signed [RuleProdRegBits-1:0]  prod_o,
  output logic signed [RuleSumBits-1:0]      sum_o,
  output logic signed [CodeBits-1:0]         pw_o,
  output logic signed [EligBits-1:0]         pe_o,
  output logic [DelayBits-1:0]               pd_o
);
  nmx_plastic_alu u_alu (
    .rule_i, .x1_i, .x2_i, .y1_i, .y2_i, .e_i, .l_i, .w_i (pw_i), .d_i (pd_i), .v_i (pv_i), .p_i (pp_i), .prod_i, .prod_o,
    .shift_i (rshift_i), .negative_i, .counts_i, .fault_sign_i (1'b0), .sum_i, .sum_o, .nearest_i, .lfsr_i (rlfsr_i),
    .w_min_i, .w_max_i, .d_max_i, .w_o (pw_o), .e_o (pe_o), .d_o (pd_o)
  );
  assign state_bits_o     = 8'(StateBits);
  assign refrac_bits_o    = 8'(RefracBits);
  assign delay_bits_o     = 8'(DelayBits);
  assign scan_word_bits_o = 8'(ScanWordBits);
  assign synapse_pipe_o   = 8'(SynapsePipe);
  assign neuron_pipe_o    = 8'(NeuronPipe);
  assign barrier_o        = 8'(BarrierCycles);
  assign plastic_cycles_o = {8'(PlYWriteCycles), 8'(PlWriteCycles), 8'(PlRoundCycles), 8'(PlTermCycles),
                             8'(PlFetchCycles), 8'(PlColumnCycles), 8'(PlNeuronCycles), 8'(PlAxonCycles),
                             8'(PlSweepDrain)};
  assign trace_bits_o        = 8'(TraceBits);
  assign elig_bits_o         = 8'(EligBits);
  assign learn_bits_o        = 8'(LearnBits);
  assign rule_const_bits_o   = 8'(RuleConstBits);
  assign rule_product_bits_o = 8'(RuleProductBits);
  assign rule_frac_bits_o    = 8'(RuleFracBits);
  assign max_groups_o        = 8'(MaxGroups);
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
  assign layout_o[16*29 +: 16] = {8'(CcGroupsLsb), 8'(CcGroupsBits)};
  assign layout_o[16*30 +: 16] = {8'(AxPlasticBit), 8'(1)};
  assign layout_o[16*31 +: 16] = {8'(AxGroupLsb), 8'(GroupBits)};
  assign layout_o[16*32 +: 16] = {8'(RmSourceLsb), 8'(SourceBits)};
  assign layout_o[16*33 +: 16] = {8'(RmTestBit), 8'(1)};
  assign layout_o[16*34 +: 16] = {8'(RmConstLsb), 8'(RuleConstBits)};
  assign layout_o[16*35 +: 16] = {8'(RmNegBit), 8'(1)};
  assign layout_o[16*36 +: 16] = {8'(RmShiftLsb), 8'(RuleShiftBits)};
  assign layout_o[16*37 +: 16] = {8'(RmPreBit), 8'(1)};
  assign layout_o[16*38 +: 16] = {8'(RmFactorsLsb), 8'(2)};
  assign layout_o[16*39 +: 16] = {8'(TpDecayLsb), 8'(DecayBits + 1)};
  assign layout_o[16*40 +: 16] = {8'(TpAmpLsb), 8'(TraceAmpBits)};
  assign layout_o[16*41 +: 16] = {8'(TpSecondLsb), 8'(DecayBits + 1 + TraceAmpBits)};
  assign layout_o[16*42 +: 16] = {8'(GpEpochLsb), 8'(GpEpochBits)};
  assign layout_o[16*43 +: 16] = {8'(GpNearestBit), 8'(1)};
  assign layout_o[16*44 +: 16] = {8'(GpWMinLsb), 8'(CodeBits)};
  assign layout_o[16*45 +: 16] = {8'(GpWMaxLsb), 8'(CodeBits)};
  assign layout_o[16*46 +: 16] = {8'(GpTermsLsb), 8'(RuleTermsBits * Programs)};
  assign layout_o[16*47 +: 16] = {8'(CpLoLsb), 8'(ColIdxBits)};
  assign layout_o[16*48 +: 16] = {8'(CpHiLsb), 8'(ColIdxBits)};
  assign layout_o[16*49 +: 16] = {8'(CeAxonLsb), 8'(AxonIdBits)};
  assign layout_o[16*50 +: 16] = {8'(CeWordLsb), 8'(AxBeginBits)};
  assign layout_o[16*51 +: 16] = {8'(CeLaneLsb), 8'(CeLaneBits)};
  assign layout_o[16*52 +: 16] = {8'(0), 8'(EligBits)};
  assign layout_o[16*53 +: 16] = {8'(0), 8'(LearnBits)};
  assign layout_o[16*54 +: 16] = {8'(0), 8'(ClampBits)};
  assign layout_o[16*55 +: 16] = {8'(TernCodeLsb), 8'(TernCodeBits)};
  assign layout_o[16*56 +: 16] = {8'(TernDelayLsb), 8'(DelayBits)};
  assign layout_o[16*57 +: 16] = {8'(AxPackedBit), 8'(1)};
  assign lane_stride_o  = 8'(LaneStride);
  assign ld_addr_bits_o = 8'(LdAddrBits);
  assign load_lanes_o   = 8'(LoadLanes);
  assign router_depth_o = 8'(RouterDepth);
  assign ld_mem_o = {8'(LdTernary), 8'(LdClamp), 8'(LdModeConfig), 8'(LdModeLambda), 8'(LdModeXi), 8'(LdPlSeed), 8'(LdLearn), 8'(LdElig),
                     8'(LdColumn), 8'(LdColPtr), 8'(LdRule), 8'(LdPlGroup), 8'(LdHostSpike), 8'(LdConfig), 8'(LdRoute),
                     8'(LdRoutePtr), 8'(LdLut), 8'(LdNeuronB), 8'(LdNeuronA), 8'(LdSynapse), 8'(LdAxon)};
  assign ld_mem_bits_o = 8'(LdMemBits);
  assign phase_o = {8'(PhaseMode), 8'(PhasePlastic), 8'(PhaseNeuron), 8'(PhaseSynaptic)};
  assign phase_bits_o = 8'(PhaseBits);
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
