// The neuron phase (docs/cycle-model.md): N issue cycles + NeuronPipe. Neuron i is issued
// in cycle i of the phase (its state, parameters and ring slot t are read), its
// subthreshold dynamics computed in stage a (nmx_neuron) with the sigmoid table read at the
// new v, its activation and reset in stage b from the table's read register, and written
// back, its spike pushed, in stage b: NeuronPipe cycles after it entered. Holds the neuron
// state, the neuron parameters, the clamps and the sigmoid table.
module nmx_neuron_pipe
#(
  parameter int unsigned N = 256,
  localparam int unsigned NW = N > 1 ? $clog2(N) : 1
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 en_i,
  input  logic                                 clear_i,
  input  logic                                 swap_i,
  input  logic                                 start_i,       // the synaptic phase ends this cycle
  input  logic [nmx_pkg::CcNeuronsBits-1:0]    cfg_neurons_i,
  input  logic [nmx_pkg::ShiftBits-1:0]        cfg_shift_i,
  input  logic                                 fault_round_i, // test only
  // parameter and table load (data in the port's low bits)
  input  logic                                 param_a_we_i,
  input  logic                                 param_b_we_i,
  input  logic                                 lut_we_i,
  input  logic                                 clamp_we_i,
  input  logic [NW-1:0]                        ld_addr_i,
  input  logic [nmx_pkg::NbBits-1:0]           ld_data_i,
  // the accumulator ring: slot t of the issued neuron, and its clear
  output logic                                 issue_o,
  output logic [NW-1:0]                        issue_idx_o,
  input  logic signed [nmx_pkg::StateBits-1:0] acc_i,
  output logic                                 wb_o,
  output logic [NW-1:0]                        wb_idx_o,
  // spikes, phase
  output logic                                 spike_o,
  output logic                                 done_o,
  output logic                                 active_o,      // in the neuron phase this cycle
  // state read-back (outside the neuron phase)
  input  logic [NW-1:0]                        dbg_idx_i,
  output logic [nmx_pkg::NeuronStateBits-1:0]  dbg_state_o,
  output logic [nmx_pkg::LutBits-1:0]          dbg_prob_o     // the sigmoid table at dbg_state_o's v
);

  localparam int unsigned SB = nmx_pkg::StateBits;
  localparam int unsigned ClrW = NW;
  localparam logic [nmx_pkg::PipeCntBits-1:0] DrainLast = nmx_pkg::PipeCntBits'(nmx_pkg::NeuronPipe - 1);

  typedef enum logic [1:0] {Idle, Issue, Drain, Done} state_e;

  // ---- control ---------------------------------------------------------------------------
  state_e                          state_q, state_d;
  logic [nmx_pkg::CcNeuronsBits-1:0] issue_q, issue_d;
  logic [nmx_pkg::PipeCntBits-1:0] cnt_q, cnt_d;
  logic [ClrW-1:0]                 clr_q, clr_d;
  logic                            issuing;

  // ---- pipeline: a = operands read, subthreshold dynamics; b = activation, reset, write back
  logic                            a_valid_q, a_valid_d, b_valid_q, b_valid_d;
  logic [NW-1:0]                   a_idx_q, a_idx_d, b_idx_q, b_idx_d;
  logic [nmx_pkg::NeuronStateBits-1:0] a_state_q;  // u_state's read register
  logic [nmx_pkg::NeuronStateBits-1:0] b_state;    // the next state, written back in stage b
  // stage b's operands: stage a's results, the old state it keeps, the parameters it reads
  logic signed [nmx_pkg::StateBits-1:0] b_u_sub_q, b_u_sub_d, b_v_sub_q, b_v_sub_d, b_v_q, b_v_d;
  logic signed [nmx_pkg::StateBits-1:0] b_theta_q, b_theta_d;
  logic [nmx_pkg::RefracBits-1:0]  b_ref_q, b_ref_d, b_refrac_q, b_refrac_d;
  logic [nmx_pkg::LfsrBits-1:0]    b_lfsr_q, b_lfsr_d;
  logic                            b_sub_q, b_sub_d, b_stoch_q, b_stoch_d;
  logic [nmx_pkg::ClampBits-1:0]   b_clamp_q, b_clamp_d;

  // ---- memories ----------------------------------------------------------------------------
  logic [NW-1:0]                   state_ra, state_wa;
  logic [nmx_pkg::NeuronStateBits-1:0] state_wd;
  logic                            state_we, state_re;
  logic [nmx_pkg::NaBits-1:0]      pa;
  logic [nmx_pkg::NbBits-1:0]      pb;
  logic [nmx_pkg::LfsrBits-1:0]    seed;
  logic [nmx_pkg::ClampBits-1:0]   clamp;
  logic                            clamp_we;
  logic [NW-1:0]                   clamp_wa;
  logic [nmx_pkg::ClampBits-1:0]   clamp_wd;
  logic [nmx_pkg::LutIdxBits-1:0]  lut_idx, lut_ra;
  logic [nmx_pkg::LutBits-1:0]     lut_prob;

  // ---- neuron datapath ---------------------------------------------------------------------
  logic signed [SB-1:0]            n_u_sub, n_v_sub, n_u, n_v;
  logic [nmx_pkg::RefracBits-1:0]  n_ref;
  logic [nmx_pkg::LfsrBits-1:0]    n_lfsr;
  logic                            n_spike;

  assign issuing = state_q == Issue;

  always_comb begin
    state_d = state_q;
    issue_d = issue_q;
    cnt_d   = cnt_q;
    unique case (state_q)
      Idle: if (start_i) begin
        state_d = Issue;
        issue_d = '0;
      end
      Issue: begin
        issue_d = issue_q + 1'b1;
        if (issue_q + 1'b1 == cfg_neurons_i) begin
          state_d = Drain;
          cnt_d   = DrainLast;
        end
      end
      Drain: begin
        if (cnt_q == '0) state_d = Done;
        else cnt_d = cnt_q - 1'b1;
      end
      default: ;
    endcase
    if (swap_i) state_d = Idle;

    a_valid_d = issuing;
    a_idx_d   = NW'(issue_q);
    b_valid_d = a_valid_q;
    b_idx_d   = a_idx_q;
    b_u_sub_d  = n_u_sub;
    b_v_sub_d  = n_v_sub;
    b_v_d      = signed'(a_state_q[nmx_pkg::StVLsb +: SB]);
    b_ref_d    = a_state_q[nmx_pkg::StRefLsb +: nmx_pkg::RefracBits];
    b_lfsr_d   = a_state_q[nmx_pkg::StLfsrLsb +: nmx_pkg::LfsrBits];
    b_theta_d  = signed'(pb[nmx_pkg::NbThetaLsb +: SB]);
    b_refrac_d = pa[nmx_pkg::NaRefracLsb +: nmx_pkg::RefracBits];
    b_sub_d    = pa[nmx_pkg::NaSubBit];
    b_stoch_d  = pa[nmx_pkg::NaStochBit];
    b_clamp_d  = clamp;

    if (!en_i) begin  // frozen: the host loads or reads back
      state_d   = state_q;
      issue_d   = issue_q;
      cnt_d     = cnt_q;
      a_valid_d = a_valid_q;
      a_idx_d   = a_idx_q;
      b_valid_d = b_valid_q;
      b_idx_d   = b_idx_q;
      b_u_sub_d  = b_u_sub_q;
      b_v_sub_d  = b_v_sub_q;
      b_v_d      = b_v_q;
      b_ref_d    = b_ref_q;
      b_lfsr_d   = b_lfsr_q;
      b_theta_d  = b_theta_q;
      b_refrac_d = b_refrac_q;
      b_sub_d    = b_sub_q;
      b_stoch_d  = b_stoch_q;
      b_clamp_d  = b_clamp_q;
    end
    if (clear_i) begin
      state_d   = Idle;
      a_valid_d = 1'b0;
      b_valid_d = 1'b0;
    end
  end

  assign clr_d = clear_i ? clr_q + 1'b1 : '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= Idle;
      issue_q   <= '0;
      cnt_q     <= '0;
      clr_q     <= '0;
      a_valid_q <= 1'b0;
      b_valid_q <= 1'b0;
    end else begin
      state_q   <= state_d;
      issue_q   <= issue_d;
      cnt_q     <= cnt_d;
      clr_q     <= clr_d;
      a_valid_q <= a_valid_d;
      b_valid_q <= b_valid_d;
    end
  end

  always_ff @(posedge clk_i) begin
    a_idx_q   <= a_idx_d;
    b_idx_q    <= b_idx_d;
    b_u_sub_q  <= b_u_sub_d;
    b_v_sub_q  <= b_v_sub_d;
    b_v_q      <= b_v_d;
    b_ref_q    <= b_ref_d;
    b_lfsr_q   <= b_lfsr_d;
    b_theta_q  <= b_theta_d;
    b_refrac_q <= b_refrac_d;
    b_sub_q    <= b_sub_d;
    b_stoch_q  <= b_stoch_d;
    b_clamp_q  <= b_clamp_d;
  end

  always_comb begin
    b_state = '0;
    b_state[nmx_pkg::StULsb +: SB]                    = n_u;
    b_state[nmx_pkg::StVLsb +: SB]                    = n_v;
    b_state[nmx_pkg::StRefLsb +: nmx_pkg::RefracBits] = n_ref;
    b_state[nmx_pkg::StLfsrLsb +: nmx_pkg::LfsrBits]  = n_lfsr;
  end

  // ---- neuron state {v, u, ref, lfsr}: the pipeline reads it in the neuron phase (the
  // macro's read register is stage a's state register), the read-back port otherwise (one
  // clock after dbg_idx_i is set, outside the neuron phase; frozen in the phase, the
  // register holds as the pipeline does); a sample clear sets u = v = ref = 0, lfsr = seed.
  assign state_ra = issuing ? NW'(issue_q) : dbg_idx_i;
  assign state_re = en_i || !(issuing || state_q == Drain);
  always_comb begin
    state_we = en_i && b_valid_q;
    state_wa = b_idx_q;
    state_wd = b_state;
    if (clear_i) begin
      state_we = 1'b1;
      state_wa = clr_q;
      state_wd = nmx_pkg::NeuronStateBits'(seed) << nmx_pkg::StLfsrLsb;
    end
  end
  nmx_sram #(.Width (nmx_pkg::NeuronStateBits), .Depth (N)) u_state (
    .clk_i, .we_i (state_we), .waddr_i (state_wa), .wdata_i (state_wd), .re_i (state_re), .raddr_i (state_ra),
    .rdata_o (a_state_q)
  );

  // The parameters are read with the next value of the register that addresses them
  // (a_idx, clr), every cycle: the macro's read register stands in for that register.
  nmx_sram #(.Width (nmx_pkg::NaBits), .Depth (N)) u_param_a (
    .clk_i, .we_i (param_a_we_i), .waddr_i (ld_addr_i), .wdata_i (ld_data_i[nmx_pkg::NaBits-1:0]),
    .re_i (1'b1), .raddr_i (a_idx_d), .rdata_o (pa)
  );
  nmx_sram #(.Width (nmx_pkg::LfsrBits), .Depth (N)) u_param_seed (
    .clk_i, .we_i (param_a_we_i), .waddr_i (ld_addr_i), .wdata_i (ld_data_i[nmx_pkg::NaSeedLsb +: nmx_pkg::LfsrBits]),
    .re_i (1'b1), .raddr_i (clr_d), .rdata_o (seed)
  );
  nmx_sram #(.Width (nmx_pkg::NbBits), .Depth (N)) u_param_b (
    .clk_i, .we_i (param_b_we_i), .waddr_i (ld_addr_i), .wdata_i (ld_data_i), .re_i (1'b1), .raddr_i (a_idx_d),
    .rdata_o (pb)
  );
  // The clamps: read with the parameters; the host writes one between steps, a sample
  // clear frees every neuron (the same sweep as the state's).
  assign clamp_we = clear_i || clamp_we_i;
  assign clamp_wa = clear_i ? clr_q : ld_addr_i;
  assign clamp_wd = clear_i ? '0 : ld_data_i[nmx_pkg::ClampBits-1:0];
  nmx_sram #(.Width (nmx_pkg::ClampBits), .Depth (N)) u_clamp (
    .clk_i, .we_i (clamp_we), .waddr_i (clamp_wa), .wdata_i (clamp_wd), .re_i (1'b1), .raddr_i (a_idx_d),
    .rdata_o (clamp)
  );
  // The sigmoid table, read synchronously: in the neuron phase at stage a's index, its read
  // register is stage b's probability; outside it, at the read-back port's v, one clock
  // after the state (the plasticity unit's factor p: a stochastic neuron does not reset, so
  // this is the probability it fired with). Frozen, it holds, as the stages do.
  nmx_sram #(.Width (nmx_pkg::LutBits), .Depth (nmx_pkg::LutEntries)) u_lut_mem (
    .clk_i, .we_i (lut_we_i), .waddr_i (nmx_pkg::LutIdxBits'(ld_addr_i)), .wdata_i (ld_data_i[nmx_pkg::LutBits-1:0]),
    .re_i (en_i), .raddr_i (lut_ra), .rdata_o (lut_prob)
  );
  assign lut_ra = active_o ? lut_idx
                           : nmx_pkg::sigmoid_index(signed'(a_state_q[nmx_pkg::StVLsb +: SB]), cfg_shift_i);

  nmx_neuron u_neuron (
    // stage a
    .a_valid_i        (a_valid_q),
    .u_i              (signed'(a_state_q[nmx_pkg::StULsb +: SB])),
    .v_i              (signed'(a_state_q[nmx_pkg::StVLsb +: SB])),
    .du_i             (pa[nmx_pkg::NaDuLsb +: nmx_pkg::DecayBits + 1]),
    .dv_i             (pa[nmx_pkg::NaDvLsb +: nmx_pkg::DecayBits + 1]),
    .bias_i           (signed'(pb[nmx_pkg::NbBiasLsb +: SB])),
    .sigmoid_shift_i  (cfg_shift_i),
    .fault_round_i,
    .a_i              (acc_i),          // the ring's read register: stage a's slot t value
    .u_sub_o (n_u_sub), .v_sub_o (n_v_sub), .lut_idx_o (lut_idx),
    // stage b
    .b_u_sub_i (b_u_sub_q), .b_v_sub_i (b_v_sub_q), .b_v_i (b_v_q), .b_ref_i (b_ref_q), .b_lfsr_i (b_lfsr_q),
    .theta_i (b_theta_q), .refrac_i (b_refrac_q), .reset_subtract_i (b_sub_q), .stochastic_i (b_stoch_q),
    .clamp_i (b_clamp_q), .lut_prob_i (lut_prob),
    .u_o (n_u), .v_o (n_v), .ref_o (n_ref), .lfsr_o (n_lfsr), .spike_o (n_spike)
  );

  assign issue_o     = issuing;
  assign issue_idx_o = NW'(issue_q);
  assign wb_o        = b_valid_q;
  assign wb_idx_o    = b_idx_q;
  assign spike_o     = en_i && b_valid_q && n_spike;
  assign done_o      = state_q == Done;
  assign active_o    = state_q == Issue || state_q == Drain;
  assign dbg_state_o = a_state_q;
  assign dbg_prob_o  = lut_prob;

  logic unused;
  assign unused = ^{ld_addr_i, ld_data_i};
endmodule
