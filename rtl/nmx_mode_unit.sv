// The low-rank mode unit (docs/chip-spec.md §6, docs/cycle-model.md "Mode phase"): the
// fourth phase of a core's step, after the neuron phase. One MAC, four memories:
//   Proj   N*P cycles, neuron-major: r_j <- trace_step(r_j) on its first mode, then
//          acc_p += xi_out[j,p] * r_j (P accumulators)
//   Drive  P cycles: m_p = mode_scale(acc_p, s_out), q_p = mode_scale(lambda_p * m_p, s_lambda)
//   Feed   N*P cycles: a_i = mode_scale(sum_p xi_in[i,p] * q_p, s_in), written into the
//          ring's slot t + 1 through lane 0 (the synapse engine is idle)
//   Drain  ModePipe cycles: the last MAC, then its ring write.
// Every memory reads synchronously, addressed in the issue cycle; the MAC works in the
// next (the data stage). A core with no mode projection loaded (P = 0) skips the phase.
module nmx_mode_unit
#(
  parameter int unsigned N     = 256,
  parameter int unsigned Modes = 16,  // the most modes the unit holds, 1..ModeMax
  localparam int unsigned NW = N > 1 ? $clog2(N) : 1,
  localparam int unsigned PW = Modes > 1 ? $clog2(Modes) : 1
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 en_i,
  input  logic                                 clear_i,
  input  logic                                 swap_i,
  input  logic                                 start_i,     // the neuron phase is done (held until swap)
  input  logic [nmx_pkg::CcNeuronsBits-1:0]    cfg_neurons_i,
  // this step's spikes, from the neuron pipeline's write-back
  input  logic                                 spike_i,
  input  logic [NW-1:0]                        spike_idx_i,
  // memory image load
  input  logic                                 ld_valid_i,
  input  nmx_pkg::ld_mem_e                     ld_mem_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]       ld_addr_i,
  input  logic [nmx_pkg::McBits-1:0]           ld_data_i,
  // feedback into the ring (lane 0): this cycle's write and next cycle's (the ring reads early)
  output logic                                 feed_valid_o,
  output logic [NW-1:0]                        feed_idx_o,
  output logic signed [nmx_pkg::StateBits-1:0] feed_w_o,
  output logic                                 feed_valid_d_o,
  output logic [NW-1:0]                        feed_idx_d_o,
  output logic                                 active_o,
  output logic                                 done_o,
  // read-back outside the phase: r of dbg_idx_i one clock later, m of dbg_mode_i
  input  logic [NW-1:0]                        dbg_idx_i,
  output logic [nmx_pkg::TraceBits-1:0]        dbg_rate_o,
  input  logic [PW-1:0]                        dbg_mode_i,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_m_o
);

  localparam int unsigned SB  = nmx_pkg::StateBits;
  localparam int unsigned CB  = nmx_pkg::ModeCodeBits;
  localparam int unsigned AB  = nmx_pkg::ModeAccBits;
  localparam int unsigned TB  = nmx_pkg::TraceBits;
  localparam int unsigned XW  = NW + PW;  // xi address {i, p}
  localparam int unsigned CNW = nmx_pkg::CcNeuronsBits;
  localparam logic [nmx_pkg::PipeCntBits-1:0] DrainLast = nmx_pkg::PipeCntBits'(nmx_pkg::ModePipe - 1);

  typedef enum logic [2:0] {Idle, Proj, Drive, Feed, Drain, Done} state_e;
  typedef enum logic [1:0] {KProj, KDrive, KFeed} kind_e;

  // ---- configuration ------------------------------------------------------------------------
  logic                              cfg_we, xi_we, lambda_we;
  logic [nmx_pkg::ModeCntBits-1:0]   cfg_p_q, cfg_p_d;
  logic [nmx_pkg::ModeShiftBits-1:0] s_out_q, s_out_d, s_lambda_q, s_lambda_d, s_in_q, s_in_d;
  logic [nmx_pkg::DecayBits:0]       d_r_q, d_r_d;
  logic [TB-1:0]                     a_r_q, a_r_d;

  // ---- control ------------------------------------------------------------------------------
  state_e                            state_q, state_d, st;  // st: an idle unit told to start acts as Proj
  logic [CNW-1:0]                    idx_q, idx_d;       // neuron j (Proj) or i (Feed)
  logic [PW-1:0]                     p_q, p_d;           // mode
  logic [nmx_pkg::PipeCntBits-1:0]   cnt_q, cnt_d;
  logic                              last_p, last_idx, issue;
  kind_e                             kind;

  // ---- data stage ---------------------------------------------------------------------------
  logic                              dv_q, dv_d, dfirst_q, dfirst_d, dlast_q, dlast_d;
  kind_e                             dk_q, dk_d;
  logic [NW-1:0]                     didx_q, didx_d;
  logic [PW-1:0]                     dp_q, dp_d;
  logic [TB-1:0]                     r_hold_q, r_hold_d, r_new, r_use;
  logic [Modes*AB-1:0]               acc_q, acc_d;       // Proj sums, one per mode
  logic [AB-1:0]                     fsum_q, fsum_d, fsum;   // Feed: the running sum of neuron i
  logic [Modes*SB-1:0]               m_q, m_d, q_q, q_d; // m_p, q_p at SB * p
  logic signed [SB-1:0]              m_new;
  logic [N-1:0]                      spiked_q, spiked_d;
  // the one MAC
  logic signed [CB-1:0]              mac_a;
  logic signed [SB-1:0]              mac_b;
  logic signed [AB-1:0]              prod;
  // ring feedback
  logic                              fv_q, fv_d;
  logic [NW-1:0]                     fidx_q, fidx_d;
  logic signed [SB-1:0]              fw_q, fw_d;

  // ---- memories -----------------------------------------------------------------------------
  logic [XW-1:0]                     xi_raddr, xi_waddr;
  logic [CB-1:0]                     xi_in_rd, xi_out_rd, lambda_rd;
  logic [TB-1:0]                     rate_rd, rate_wd;
  logic [NW-1:0]                     rate_ra, rate_wa, clr_q, clr_d;
  logic                              rate_we, rate_re;

  assign cfg_we    = ld_valid_i && ld_mem_i == nmx_pkg::LdModeConfig;
  assign xi_we     = ld_valid_i && ld_mem_i == nmx_pkg::LdModeXi;
  assign lambda_we = ld_valid_i && ld_mem_i == nmx_pkg::LdModeLambda;

  // The cycle the neuron phase is done is the mode phase's first (no cycle between them).
  assign st       = (state_q == Idle && start_i && cfg_p_q != '0) ? Proj : state_q;
  assign last_p   = {1'b0, p_q} + 1'b1 == (PW+1)'(cfg_p_q);
  assign last_idx = idx_q + 1'b1 == cfg_neurons_i;
  assign issue    = st == Proj || st == Drive || st == Feed;
  assign kind     = st == Proj ? KProj : st == Drive ? KDrive : KFeed;

  // ---- data stage arithmetic ------------------------------------------------------------------
  assign r_new = nmx_pkg::trace_step(rate_rd, d_r_q, a_r_q, spiked_q[didx_q]);
  assign r_use = dfirst_q ? r_new : r_hold_q;
  assign m_new = nmx_pkg::mode_scale(signed'(acc_q[AB*dp_q +: AB]), s_out_q);
  always_comb begin
    unique case (dk_q)
      KProj:   begin mac_a = signed'(xi_out_rd); mac_b = signed'(SB'(r_use)); end
      KDrive:  begin mac_a = signed'(lambda_rd); mac_b = m_new; end
      default: begin mac_a = signed'(xi_in_rd);  mac_b = signed'(q_q[SB*dp_q +: SB]); end
    endcase
  end
  assign prod = AB'(mac_a) * AB'(mac_b);
  assign fsum = (dfirst_q ? '0 : fsum_q) + prod;

  always_comb begin
    // configuration
    cfg_p_d    = cfg_p_q;
    s_out_d    = s_out_q;
    s_lambda_d = s_lambda_q;
    s_in_d     = s_in_q;
    d_r_d      = d_r_q;
    a_r_d      = a_r_q;
    if (cfg_we) begin
      cfg_p_d    = ld_data_i[nmx_pkg::McModesLsb +: nmx_pkg::ModeCntBits];
      s_out_d    = ld_data_i[nmx_pkg::McShiftOutLsb +: nmx_pkg::ModeShiftBits];
      s_lambda_d = ld_data_i[nmx_pkg::McShiftLambdaLsb +: nmx_pkg::ModeShiftBits];
      s_in_d     = ld_data_i[nmx_pkg::McShiftInLsb +: nmx_pkg::ModeShiftBits];
      d_r_d      = ld_data_i[nmx_pkg::McDecayLsb +: nmx_pkg::DecayBits + 1];
      a_r_d      = ld_data_i[nmx_pkg::McAmpLsb +: TB];
    end

    // control: issue (j or i, p) neuron-major, then the drain
    state_d = st;
    idx_d   = idx_q;
    p_d     = p_q;
    cnt_d   = cnt_q;
    unique case (st)
      Proj, Feed: begin
        p_d = last_p ? '0 : p_q + 1'b1;
        if (last_p) idx_d = idx_q + 1'b1;
        if (last_p && last_idx) begin
          state_d = st == Proj ? Drive : Drain;
          idx_d   = '0;
          cnt_d   = DrainLast;
        end
      end
      Drive: begin
        p_d = last_p ? '0 : p_q + 1'b1;
        if (last_p) state_d = Feed;
      end
      Drain: begin
        if (cnt_q == '0) state_d = Done;
        else cnt_d = cnt_q - 1'b1;
      end
      default: ;
    endcase
    if (swap_i) state_d = Idle;

    // data stage: the operands addressed in the issue cycle arrive
    dv_d     = issue;
    dk_d     = kind;
    didx_d   = NW'(idx_q);
    dp_d     = p_q;
    dfirst_d = p_q == '0;
    dlast_d  = last_p;
    r_hold_d = r_hold_q;
    acc_d    = acc_q;
    m_d      = m_q;
    q_d      = q_q;
    fsum_d   = fsum_q;
    spiked_d = spiked_q;
    fv_d     = 1'b0;
    fidx_d   = fidx_q;
    fw_d     = fw_q;
    if (spike_i) spiked_d[spike_idx_i] = 1'b1;
    if (state_q == Idle) acc_d = '0;  // a new phase's sums start from zero
    if (dv_q) begin
      unique case (dk_q)
        KProj: begin
          if (dfirst_q) begin
            r_hold_d = r_new;
            spiked_d[didx_q] = 1'b0;
          end
          acc_d[AB*dp_q +: AB] = acc_q[AB*dp_q +: AB] + prod;
        end
        KDrive: begin
          m_d[SB*dp_q +: SB] = m_new;
          q_d[SB*dp_q +: SB] = nmx_pkg::mode_scale(prod, s_lambda_q);
        end
        default: begin
          fsum_d = fsum;
          if (dlast_q) begin
            fv_d   = 1'b1;
            fidx_d = didx_q;
            fw_d   = nmx_pkg::mode_scale(fsum, s_in_q);
          end
        end
      endcase
    end

    if (!en_i) begin  // frozen: the host loads or reads back
      state_d  = state_q;
      idx_d    = idx_q;
      p_d      = p_q;
      cnt_d    = cnt_q;
      dv_d     = dv_q;
      dk_d     = dk_q;
      didx_d   = didx_q;
      dp_d     = dp_q;
      dfirst_d = dfirst_q;
      dlast_d  = dlast_q;
      r_hold_d = r_hold_q;
      acc_d    = acc_q;
      m_d      = m_q;
      q_d      = q_q;
      fsum_d   = fsum_q;
      spiked_d = spiked_q;
      fv_d     = fv_q;
      fidx_d   = fidx_q;
      fw_d     = fw_q;
    end
    if (clear_i) begin  // a new sample: r (swept below), m, q and the spikes to zero
      state_d  = Idle;
      idx_d    = '0;
      p_d      = '0;
      dv_d     = 1'b0;
      fv_d     = 1'b0;
      spiked_d = '0;
      m_d      = '0;
      q_d      = '0;
    end
  end

  assign clr_d = clear_i ? clr_q + 1'b1 : '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cfg_p_q    <= '0;
      s_out_q    <= '0;
      s_lambda_q <= '0;
      s_in_q     <= '0;
      d_r_q      <= '0;
      a_r_q      <= '0;
      state_q    <= Idle;
      idx_q      <= '0;
      p_q        <= '0;
      cnt_q      <= '0;
      dv_q       <= 1'b0;
      dk_q       <= KProj;
      didx_q     <= '0;
      dp_q       <= '0;
      dfirst_q   <= 1'b0;
      dlast_q    <= 1'b0;
      r_hold_q   <= '0;
      fsum_q     <= '0;
      spiked_q   <= '0;
      fv_q       <= 1'b0;
      fidx_q     <= '0;
      fw_q       <= '0;
      clr_q      <= '0;
      acc_q      <= '0;
      m_q        <= '0;
      q_q        <= '0;
    end else begin
      cfg_p_q    <= cfg_p_d;
      s_out_q    <= s_out_d;
      s_lambda_q <= s_lambda_d;
      s_in_q     <= s_in_d;
      d_r_q      <= d_r_d;
      a_r_q      <= a_r_d;
      state_q    <= state_d;
      idx_q      <= idx_d;
      p_q        <= p_d;
      cnt_q      <= cnt_d;
      dv_q       <= dv_d;
      dk_q       <= dk_d;
      didx_q     <= didx_d;
      dp_q       <= dp_d;
      dfirst_q   <= dfirst_d;
      dlast_q    <= dlast_d;
      r_hold_q   <= r_hold_d;
      fsum_q     <= fsum_d;
      spiked_q   <= spiked_d;
      fv_q       <= fv_d;
      fidx_q     <= fidx_d;
      fw_q       <= fw_d;
      clr_q      <= clr_d;
      acc_q      <= acc_d;
      m_q        <= m_d;
      q_q        <= q_d;
    end
  end

  // ---- memories ---------------------------------------------------------------------------
  // xi_in and xi_out share the {i, p} address; a load word carries both codes.
  assign xi_raddr = {NW'(idx_q), p_q};
  assign xi_waddr = {NW'(ld_addr_i >> nmx_pkg::ModeAddrLsb), PW'(ld_addr_i)};
  nmx_sram #(.Width (CB), .Depth ((N > 1 ? N : 2) << PW), .AddrBits (XW)) u_xi_in (
    .clk_i, .we_i (xi_we), .waddr_i (xi_waddr), .wdata_i (ld_data_i[nmx_pkg::MxInLsb +: CB]),
    .re_i (en_i && st == Feed), .raddr_i (xi_raddr), .rdata_o (xi_in_rd)
  );
  nmx_sram #(.Width (CB), .Depth ((N > 1 ? N : 2) << PW), .AddrBits (XW)) u_xi_out (
    .clk_i, .we_i (xi_we), .waddr_i (xi_waddr), .wdata_i (ld_data_i[nmx_pkg::MxOutLsb +: CB]),
    .re_i (en_i && st == Proj), .raddr_i (xi_raddr), .rdata_o (xi_out_rd)
  );
  nmx_sram #(.Width (CB), .Depth (1 << PW), .AddrBits (PW)) u_lambda (
    .clk_i, .we_i (lambda_we), .waddr_i (PW'(ld_addr_i)), .wdata_i (ld_data_i[nmx_pkg::MxInLsb +: CB]),
    .re_i (en_i && st == Drive), .raddr_i (p_q), .rdata_o (lambda_rd)
  );
  // r: read in a neuron's first Proj cycle (or for read-back), written from the data stage;
  // a sample clear sweeps it to zero.
  assign rate_re = (en_i && st == Proj && p_q == '0) || !en_i;
  assign rate_ra = en_i ? NW'(idx_q) : dbg_idx_i;
  assign rate_we = clear_i || (en_i && dv_q && dk_q == KProj && dfirst_q);
  assign rate_wa = clear_i ? clr_q : didx_q;
  assign rate_wd = clear_i ? '0 : r_new;
  nmx_sram #(.Width (TB), .Depth (N)) u_rate (
    .clk_i, .we_i (rate_we), .waddr_i (rate_wa), .wdata_i (rate_wd),
    .re_i (rate_re), .raddr_i (rate_ra), .rdata_o (rate_rd)
  );

  assign feed_valid_o   = fv_q;
  assign feed_idx_o     = fidx_q;
  assign feed_w_o       = fw_q;
  assign feed_valid_d_o = fv_d;
  assign feed_idx_d_o   = fidx_d;
  assign active_o       = issue || st == Drain;
  assign done_o         = state_q == Done || (start_i && cfg_p_q == '0);
  assign dbg_rate_o     = rate_rd;
  assign dbg_m_o        = signed'(m_q[SB*dbg_mode_i +: SB]);

  logic unused;
  assign unused = ^{ld_addr_i, ld_data_i};
endmodule
