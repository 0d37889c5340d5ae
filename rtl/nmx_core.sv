// One neuromorphic core (docs/cycle-model.md): the two-bank axon event buffer, the
// scanner, axon table and synapse memory, the L-lane synapse engine (decode, scale,
// saturating accumulate into the delay-line ring acc[D][N]), the neuron pipeline and the
// route engine. Phases follow models/hw/microarch.hpp cycle for cycle:
//   synaptic: ceil(A_used/64) scan cycles + per row (1 descriptor + beats) + SynapsePipe
//   neuron:   N issue cycles + NeuronPipe; neuron i's spike leaves in cycle np + 3 + i.
// Arrival order is the ascending axon order of the bitmap scan (docs/architecture.md).
module nmx_core
#(
  parameter int unsigned N        = 256,    // neurons (max)
  parameter int unsigned A        = 1024,   // axons (max)
  parameter int unsigned DMax     = 64,     // delay slots (max); runtime D via d_mask_i
  parameter int unsigned Lanes    = 8,
  parameter int unsigned SynWords = 32768,  // synapse memory words of Lanes synapses
  parameter int unsigned Routes   = 8192,
  parameter int unsigned CoreW    = 5,
  parameter bit          FaultsEnabled = 1'b0  // test only: fault-injection hooks (tests/rtl)
) (
  input  logic                  clk_i,
  input  logic                  en_i,
  input  logic                  clear_i,
  input  logic                  start_i,    // first cycle of a compute step
  input  logic                  swap_i,     // end of any step: event-buffer banks swap
  input  logic                  tick_i,     // end of a compute step: t advances
  input  logic [5:0]            d_mask_i,   // D - 1
  input  logic [1:0]            fault_i,    // test only (FaultsEnabled): 1 delay + 1, 2 rounding
  // router delivery into the next-step bank
  input  logic                  ev_valid_i,
  input  logic [15:0]           ev_axon_i,
  // route engine request
  output logic                  rq_valid_o,
  output logic [CoreW-1:0]      rq_core_o,
  output logic [15:0]           rq_axon_o,
  input  logic                  rq_grant_i,
  output logic                  done_o,     // phases finished this step
  output logic                  re_idle_o,
  // observation
  output logic [1:0]            phase_o,    // 0 idle, 1 synaptic, 2 neuron
  output logic                  spike_o,    // a spike enters the route queue at the end of this cycle
  output logic [11:0]           spike_neuron_o,
  // memory image load
  input  logic                  ld_valid_i,
  input  nmx_pkg::ld_mem_e               ld_mem_i,
  input  logic [19:0]           ld_addr_i,
  input  logic [255:0]          ld_data_i,  // LdSynapse: lane l at [32l +: 27]; others in [63:0]
  // state read-back
  input  logic [11:0]           dbg_neuron_i,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_u_o,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_v_o,
  output logic [nmx_pkg::RefracBits-1:0] dbg_ref_o,
  output logic [nmx_pkg::LfsrBits-1:0]   dbg_lfsr_o
);

  localparam int unsigned NW     = $clog2(N);
  localparam int unsigned AW     = $clog2(A);
  localparam int unsigned Words  = (A + nmx_pkg::ScanWordBits - 1) / nmx_pkg::ScanWordBits;
  localparam int unsigned WW     = $clog2(Words) + 1;
  localparam int unsigned SW     = $clog2(SynWords);
  localparam int unsigned LW     = $clog2(Lanes);
  localparam int unsigned DW     = $clog2(DMax);

  typedef enum logic [2:0] {Idle, Scan, Desc, Beat, Drain, Neuron, NDrain, Done} state_e;

  // ---- memories (loaded through ld_*) ----------------------------------------------------
  logic [19:0] desc_begin [A];
  logic [12:0] desc_len   [A];
  logic        desc_dense [A];
  logic        desc_tern  [A];
  logic [3:0]  desc_exp   [A];
  logic [7:0]  desc_mant  [A];
  logic [26:0] syn_mem    [Lanes][SynWords];  // {valid, post[11:0], code[7:0], delay[5:0]}
  logic [12:0] p_du [N], p_dv [N];
  logic [nmx_pkg::RefracBits-1:0] p_refrac [N];
  logic        p_subtract [N], p_stoch [N];
  logic [15:0] p_seed [N];
  logic signed [nmx_pkg::StateBits-1:0] p_theta [N], p_bias [N];
  logic [15:0] lut_mem [256];
  logic [12:0] cfg_neurons_q;
  logic [16:0] cfg_axons_q;
  logic [4:0]  cfg_shift_q;

  // ---- state ---------------------------------------------------------------------------
  logic [A-1:0] bank_q [2];
  logic         cur_q;
  logic [5:0]   t_q;
  // The accumulator ring acc[D][N] in Lanes banks (bank = post mod Lanes, address =
  // slot * N/Lanes + post / Lanes), and the neuron state {lfsr, ref, v, u}, are memories
  // (nmx_ram). A sample clear sweeps them, ClearCycles cycles with clear_i held.
  localparam int unsigned BankDepth = DMax * N / Lanes;
  localparam int unsigned BW        = $clog2(BankDepth);
  localparam int unsigned StateW    = 2 * nmx_pkg::StateBits + nmx_pkg::RefracBits + nmx_pkg::LfsrBits;
  localparam int unsigned ClearCycles = BankDepth > N ? BankDepth : N;

  state_e      state_q, state_d, st;
  logic [WW-1:0] w_q, w_d, w_eff;
  logic [63:0] word_q, word_d;
  logic [1:0]  cnt_q, cnt_d, cnt_eff;
  logic [SW-1:0] row_word_q, row_word_d;
  logic [12:0] beats_q, beats_d;
  logic        row_tern_q, row_tern_d;
  logic [3:0]  row_exp_q, row_exp_d;
  logic [7:0]  row_mant_q, row_mant_d;
  logic [12:0] issue_q, issue_d;

  // synapse pipeline: p1 = memory data, p2 = effective weights
  logic        p1_valid_q;
  logic [26:0] p1_syn_q [Lanes];
  logic        p1_tern_q;
  logic [3:0]  p1_exp_q;
  logic [7:0]  p1_mant_q;
  logic        p2_valid_q [Lanes];
  logic [NW-1:0] p2_post_q [Lanes];
  logic [DW-1:0] p2_slot_q [Lanes];
  logic signed [nmx_pkg::StateBits-1:0] p2_w_q [Lanes];

  // neuron pipeline: a = operands read, b = next state computed
  logic        a_valid_q, b_valid_q;
  logic [NW-1:0] a_idx_q, b_idx_q;
  logic signed [nmx_pkg::StateBits-1:0] a_u_q, a_v_q, a_acc_q;
  logic [nmx_pkg::RefracBits-1:0] a_ref_q;
  logic [nmx_pkg::LfsrBits-1:0]   a_lfsr_q;
  logic signed [nmx_pkg::StateBits-1:0] b_u_q, b_v_q;
  logic [nmx_pkg::RefracBits-1:0] b_ref_q;
  logic [nmx_pkg::LfsrBits-1:0]   b_lfsr_q;
  logic        b_spike_q;

  // ---- scanner and row sequencer ------------------------------------------------------------
  logic [WW-1:0] words_used;
  logic [63:0]   scan_word;
  logic [5:0]    low_bit;
  logic [AW-1:0] axon;
  logic [12:0]   row_beats;
  logic          more_bits, more_words;

  assign words_used = WW'((cfg_axons_q + 17'd63) >> 6);
  // An idle core told to start acts this very cycle as the first state of the phase.
  assign st      = (state_q == Idle && start_i) ? ((words_used != 0) ? Scan : Drain) : state_q;
  assign w_eff   = (state_q == Idle) ? '0 : w_q;
  assign cnt_eff = (state_q == Idle) ? 2'(nmx_pkg::SynapsePipe - 1) : cnt_q;
  assign scan_word = bank_q[cur_q][w_eff[WW-2:0]*nmx_pkg::ScanWordBits +: nmx_pkg::ScanWordBits];

  always_comb begin
    low_bit = '0;
    for (int b = nmx_pkg::ScanWordBits - 1; b >= 0; b--) if (word_q[b]) low_bit = 6'(b);
  end
  assign axon      = AW'({w_q, low_bit});
  assign row_beats = desc_dense[axon] ? 13'((desc_len[axon] + 13'(Lanes - 1)) >> LW) : desc_len[axon];

  always_comb begin
    state_d    = st;
    w_d        = w_eff;
    word_d     = word_q;
    cnt_d      = cnt_eff;
    row_word_d = row_word_q;
    beats_d    = beats_q;
    row_tern_d = row_tern_q;
    row_exp_d  = row_exp_q;
    row_mant_d = row_mant_q;
    issue_d    = issue_q;
    more_bits  = 1'b0;
    more_words = (w_eff + 1'b1) < words_used;

    unique case (st)
      Scan: begin
        word_d = scan_word;
        if (scan_word != '0) state_d = Desc;
        else if (more_words) w_d = w_eff + 1'b1;
        else begin
          state_d = Drain;
          cnt_d   = 2'(nmx_pkg::SynapsePipe - 1);
        end
      end
      Desc: begin
        word_d        = word_q & ~(64'd1 << low_bit);
        row_word_d    = desc_begin[axon][SW-1:0];
        beats_d       = row_beats;
        row_tern_d    = desc_tern[axon];
        row_exp_d     = desc_exp[axon];
        row_mant_d    = desc_mant[axon];
        state_d       = Beat;
      end
      Beat: begin
        row_word_d = row_word_q + 1'b1;
        beats_d    = beats_q - 1'b1;
        more_bits  = word_q != '0;
        if (beats_q == 13'd1) begin
          if (more_bits) state_d = Desc;
          else if (more_words) begin
            state_d = Scan;
            w_d     = w_q + 1'b1;
          end else begin
            state_d = Drain;
            cnt_d   = 2'(nmx_pkg::SynapsePipe - 1);
          end
        end
      end
      Drain: begin
        if (cnt_eff == '0) begin
          state_d = Neuron;
          issue_d = '0;
        end else cnt_d = cnt_eff - 1'b1;
      end
      Neuron: begin
        issue_d = issue_q + 1'b1;
        if (issue_q + 1'b1 == cfg_neurons_q) begin
          state_d = NDrain;
          cnt_d   = 2'(nmx_pkg::NeuronPipe - 1);
        end
      end
      NDrain: begin
        if (cnt_q == '0) state_d = Done;
        else cnt_d = cnt_q - 1'b1;
      end
      default: ;
    endcase
  end

  // ---- neuron datapath ------------------------------------------------------------------
  logic [7:0] lut_idx;
  logic signed [nmx_pkg::StateBits-1:0] n_u, n_v;
  logic [nmx_pkg::RefracBits-1:0] n_ref;
  logic [nmx_pkg::LfsrBits-1:0] n_lfsr;
  logic n_spike;

  nmx_neuron u_neuron (
    .u_i (a_u_q), .v_i (a_v_q), .ref_i (a_ref_q), .lfsr_i (a_lfsr_q),
    .du_i (p_du[a_idx_q]), .dv_i (p_dv[a_idx_q]), .theta_i (p_theta[a_idx_q]), .bias_i (p_bias[a_idx_q]),
    .refrac_i (p_refrac[a_idx_q]), .reset_subtract_i (p_subtract[a_idx_q]), .stochastic_i (p_stoch[a_idx_q]),
    .sigmoid_shift_i (cfg_shift_q), .fault_round_i (fault_round), .a_i (a_acc_q), .lut_idx_o (lut_idx), .lut_prob_i (lut_mem[lut_idx]),
    .u_o (n_u), .v_o (n_v), .ref_o (n_ref), .lfsr_o (n_lfsr), .spike_o (n_spike)
  );

  logic fault_delay, fault_round;
  assign fault_delay = FaultsEnabled && fault_i == 2'd1;
  assign fault_round = FaultsEnabled && fault_i == 2'd2;

  logic [DW-1:0] slot_t;
  assign slot_t = DW'(t_q & d_mask_i);

  // ---- sequential ---------------------------------------------------------------------------
  always_ff @(posedge clk_i) begin
    if (clear_i) begin
      clr_q      <= clr_q + 1'b1;
      state_q    <= Idle;
      cur_q      <= 1'b0;
      t_q        <= '0;
      p1_valid_q <= 1'b0;
      a_valid_q  <= 1'b0;
      b_valid_q  <= 1'b0;
      for (int l = 0; l < Lanes; l++) p2_valid_q[l] <= 1'b0;
      bank_q[0] <= '0;
      bank_q[1] <= '0;
    end else if (en_i) begin
      clr_q      <= '0;
      state_q    <= state_d;
      w_q        <= w_d;
      word_q     <= word_d;
      cnt_q      <= cnt_d;
      row_word_q <= row_word_d;
      beats_q    <= beats_d;
      row_tern_q <= row_tern_d;
      row_exp_q  <= row_exp_d;
      row_mant_q <= row_mant_d;
      issue_q    <= issue_d;

      // router deliveries land in the next-step bank
      if (ev_valid_i) bank_q[~cur_q][ev_axon_i[AW-1:0]] <= 1'b1;

      // synapse pipeline, stage 1: read one word of every lane
      p1_valid_q <= st == Beat;
      p1_tern_q  <= row_tern_q;
      p1_exp_q   <= row_exp_q;
      p1_mant_q  <= row_mant_q;
      for (int l = 0; l < Lanes; l++) p1_syn_q[l] <= syn_mem[l][row_word_q];
      // stage 2: decode, scale, slot of the delay
      for (int l = 0; l < Lanes; l++) begin
        p2_valid_q[l] <= p1_valid_q && p1_syn_q[l][26];
        p2_post_q[l]  <= p1_syn_q[l][NW+13:14];
        p2_slot_q[l]  <= DW'((6'(t_q) + p1_syn_q[l][nmx_pkg::DelayBits-1:0] + 6'(fault_delay)) & d_mask_i);
        p2_w_q[l]     <= nmx_pkg::effective_weight(nmx_pkg::decode_code(p1_syn_q[l][13:6], p1_tern_q), p1_mant_q, p1_exp_q);
      end
      // stage 3 (the ring's read-modify-write) is in the bank ports below

      // neuron pipeline: a (read), b (compute), write back
      a_valid_q <= st == Neuron;
      a_idx_q   <= NW'(issue_q);
      {a_lfsr_q, a_ref_q, a_v_q, a_u_q} <= state_rd;
      a_acc_q   <= acc_rd[issue_bank];
      b_valid_q <= a_valid_q;
      b_idx_q   <= a_idx_q;
      b_u_q     <= n_u;
      b_v_q     <= n_v;
      b_ref_q   <= n_ref;
      b_lfsr_q  <= n_lfsr;
      b_spike_q <= n_spike;

      if (swap_i) begin
        cur_q         <= ~cur_q;
        bank_q[cur_q] <= '0;  // the bank just consumed becomes the (empty) next-step bank
        state_q       <= Idle;
        if (tick_i) t_q <= t_q + 1'b1;
      end
    end
  end

  // ---- memories: accumulator banks and neuron state ---------------------------------------
  logic [$clog2(ClearCycles)-1:0] clr_q;
  logic [LW-1:0] issue_bank, wb_bank;
  logic [BW-1:0] slot_row;  // slot_t's first address in a bank
  logic signed [nmx_pkg::StateBits-1:0] acc_rd [Lanes];
  assign issue_bank = LW'(issue_q);
  assign wb_bank    = LW'(b_idx_q);
  assign slot_row   = BW'(slot_t) * BW'(N / Lanes);

  for (genvar b = 0; b < Lanes; b++) begin : g_acc_bank
    // The lane whose synapse targets this bank in stage 3 (at most one per beat: a dense
    // beat's lanes hit distinct neurons, a sparse beat has one synapse).
    logic hit;
    logic [LW-1:0] lane;
    always_comb begin
      hit  = 1'b0;
      lane = '0;
      for (int l = 0; l < Lanes; l++)
        if (!hit && p2_valid_q[l] && LW'(p2_post_q[l]) == LW'(b)) begin
          hit  = 1'b1;
          lane = LW'(l);
        end
    end
    logic [BW-1:0] rmw_addr, raddr, waddr;
    logic [nmx_pkg::StateBits-1:0] rdata, wdata;
    logic we;
    assign rmw_addr = BW'(p2_slot_q[lane]) * BW'(N / Lanes) + (BW'(p2_post_q[lane]) >> LW);
    assign raddr = (st == Neuron) ? slot_row + BW'(issue_q >> LW) : rmw_addr;
    always_comb begin
      we    = 1'b0;
      waddr = rmw_addr;
      wdata = nmx_pkg::sat_state(48'(signed'(rdata)) + 48'(p2_w_q[lane]));
      if (clear_i) begin
        we    = 1'b1;
        waddr = BW'(clr_q);
        wdata = '0;
      end else if (en_i && hit) begin
        we = 1'b1;
      end else if (en_i && b_valid_q && wb_bank == LW'(b)) begin  // read slot t, then clear it
        we    = 1'b1;
        waddr = slot_row + (BW'(b_idx_q) >> LW);
        wdata = '0;
      end
    end
    assign acc_rd[b] = signed'(rdata);
    nmx_ram #(.Width (nmx_pkg::StateBits), .Depth (BankDepth)) u_bank (
      .clk_i, .we_i (we), .waddr_i (waddr), .wdata_i (wdata), .raddr_i (raddr), .rdata_o (rdata)
    );
  end

  // Neuron state {lfsr, ref, v, u}: read by the pipeline in the neuron phase, and by the
  // read-back port (dbg_neuron_i) otherwise.
  logic [NW-1:0] state_ra;
  logic [StateW-1:0] state_rd, state_wd;
  logic [NW-1:0] state_wa;
  logic state_we;
  assign state_ra = (st == Neuron) ? NW'(issue_q) : dbg_neuron_i[NW-1:0];
  always_comb begin
    state_we = en_i && b_valid_q;
    state_wa = b_idx_q;
    state_wd = {b_lfsr_q, b_ref_q, b_v_q, b_u_q};
    if (clear_i) begin  // u = v = ref = 0, lfsr = seed
      state_we = 1'b1;
      state_wa = NW'(clr_q);
      // sized first: as {p_seed, zeros} Verilator shifted the 16-bit seed as a C++ int (UB)
      state_wd = StateW'(p_seed[NW'(clr_q)]) << (StateW - nmx_pkg::LfsrBits);
    end
  end
  nmx_ram #(.Width (StateW), .Depth (N)) u_state (
    .clk_i, .we_i (state_we), .waddr_i (state_wa), .wdata_i (state_wd), .raddr_i (state_ra), .rdata_o (state_rd)
  );

  // ---- route engine ---------------------------------------------------------------------
  nmx_route_engine #(.Ids (N), .Routes (Routes), .CoreW (CoreW)) u_route (
    .clk_i, .en_i, .clear_i,
    .push_i     (en_i && b_valid_q && b_spike_q),
    .push_id_i  (b_idx_q),
    .ld_ptr_i   (ld_valid_i && ld_mem_i == nmx_pkg::LdRoutePtr),
    .ld_route_i (ld_valid_i && ld_mem_i == nmx_pkg::LdRoute),
    .ld_addr_i  (ld_addr_i[15:0]),
    .ld_data_i  (ld_data_i[31:0]),
    .rq_valid_o, .rq_core_o, .rq_axon_o, .rq_grant_i,
    .idle_o     (re_idle_o)
  );

  assign done_o         = state_q == Done;
  assign phase_o = (st == Scan || st == Desc || st == Beat || st == Drain) ? 2'd1 :
                   (st == Neuron || st == NDrain) ? 2'd2 : 2'd0;
  assign spike_o        = en_i && b_valid_q && b_spike_q;
  assign spike_neuron_o = 12'(b_idx_q);
  assign {dbg_lfsr_o, dbg_ref_o, dbg_v_o, dbg_u_o} = state_rd;  // valid outside the neuron phase

  logic unused;
  assign unused = ^{ev_axon_i[15:AW], ld_addr_i[19:SW], ld_data_i, dbg_neuron_i[11:NW]};

  // ---- memory image load ------------------------------------------------------------------
  always_ff @(posedge clk_i) begin
    if (ld_valid_i) begin
      unique case (ld_mem_i)
        nmx_pkg::LdAxon: begin
          desc_mant[ld_addr_i[AW-1:0]]  <= ld_data_i[7:0];
          desc_exp[ld_addr_i[AW-1:0]]   <= ld_data_i[11:8];
          desc_tern[ld_addr_i[AW-1:0]]  <= ld_data_i[12];
          desc_dense[ld_addr_i[AW-1:0]] <= ld_data_i[13];
          desc_len[ld_addr_i[AW-1:0]]   <= ld_data_i[26:14];
          desc_begin[ld_addr_i[AW-1:0]] <= ld_data_i[46:27];
        end
        nmx_pkg::LdSynapse: for (int l = 0; l < Lanes; l++) syn_mem[l][ld_addr_i[SW-1:0]] <= ld_data_i[32*l+:27];
        nmx_pkg::LdNeuronA: begin
          p_du[ld_addr_i[NW-1:0]]       <= ld_data_i[12:0];
          p_dv[ld_addr_i[NW-1:0]]       <= ld_data_i[25:13];
          p_refrac[ld_addr_i[NW-1:0]]   <= ld_data_i[29:26];
          p_subtract[ld_addr_i[NW-1:0]] <= ld_data_i[30];
          p_stoch[ld_addr_i[NW-1:0]]    <= ld_data_i[31];
          p_seed[ld_addr_i[NW-1:0]]     <= ld_data_i[47:32];
        end
        nmx_pkg::LdNeuronB: begin
          p_theta[ld_addr_i[NW-1:0]] <= ld_data_i[23:0];
          p_bias[ld_addr_i[NW-1:0]]  <= ld_data_i[47:24];
        end
        nmx_pkg::LdLut: lut_mem[ld_addr_i[7:0]] <= ld_data_i[15:0];
        nmx_pkg::LdConfig: begin
          cfg_neurons_q <= ld_data_i[12:0];
          cfg_axons_q   <= ld_data_i[29:13];
          cfg_shift_q   <= ld_data_i[34:30];
        end
        default: ;
      endcase
    end
  end

endmodule
