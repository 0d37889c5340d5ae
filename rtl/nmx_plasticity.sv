// The plasticity unit (docs/plasticity.md): the core's third phase, after the neuron phase,
// executing the six steps of "Order within a timestep" one synapse at a time:
//   YDec                 1. decay every y (one word holds every group's y1, y2 of a neuron)
//   AxRd AxUp            1.-3. per axon: x decayed (+ amp on an event), written back; on an
//                        event of a plastic row, its pre events in row order
//   NRd NUp CRd CAx CDs  4.-5. per neuron: when it spiked, its post events through the column
//   NWr                  table, then y += amp
//   EpRd EpUp            6. per group whose epoch is due, per axon: the epoch program of
//                        every synapse of the group
// A synapse evaluation: SyF0 (synapse and e word read), SyF1 (post's y, l, v read), SyF2,
// then per target with a program: per term TmHd (header), TmFc per factor (one multiply a
// cycle), TmAc (the sum); TgRd (rounded, clamped); SyWr writes w, d and e back. Phase cycles:
// models/chip/plastic/plastic_cycles.hpp, docs/cycle-model.md. The unit owns the synapse
// memory's ports, the axon table's read port and the neuron state's read port in its phase;
// its own memories are the x, y, e and l traces, the rule memory and the column table.
module nmx_plasticity
#(
  parameter int unsigned N          = 256,
  parameter int unsigned A          = 1024,
  parameter int unsigned Lanes      = 8,
  parameter int unsigned SynWords   = 32768,
  parameter int unsigned ColEntries = 8192,
  parameter int unsigned LdBits     = 256,
  parameter int unsigned DbgBits    = 256,
  localparam int unsigned NW = N > 1 ? $clog2(N) : 1,
  localparam int unsigned AW = A > 1 ? $clog2(A) : 1,
  localparam int unsigned SW = SynWords > 1 ? $clog2(SynWords) : 1,
  localparam int unsigned LW = Lanes > 1 ? $clog2(Lanes) : 1,
  localparam int unsigned CW = ColEntries > 1 ? $clog2(ColEntries) : 1
) (
  input  logic                                   clk_i,
  input  logic                                   rst_ni,
  input  logic                                   en_i,
  input  logic                                   clear_i,
  input  logic                                   swap_i,
  input  logic                                   neuron_done_i,  // the neuron phase is over
  input  logic                                   spike_i,        // neuron spike_idx_i spiked this step
  input  logic [NW-1:0]                          spike_idx_i,
  input  logic [nmx_pkg::CcNeuronsBits-1:0]      cfg_neurons_i,
  input  logic [nmx_pkg::CcAxonsBits-1:0]        cfg_axons_i,
  input  logic [nmx_pkg::CcGroupsBits-1:0]       cfg_groups_i,
  input  logic                                   seed_we_i,      // LdPlSeed: the LFSR restarts from the port's data
  input  logic [nmx_pkg::DelayBits-1:0]          d_mask_i,
  input  logic                                   fault_sign_i,   // test only: rule terms lose their sign
  // loads (address and data are the port's)
  input  logic                                   group_we_i,
  input  logic                                   rule_we_i,
  input  logic                                   colptr_we_i,
  input  logic                                   column_we_i,
  input  logic                                   elig_we_i,
  input  logic                                   learn_we_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]         ld_addr_i,
  input  logic [LdBits-1:0]                      ld_data_i,
  // the axon table and this step's event bits (nmx_scanner)
  output logic                                   desc_sel_o,
  output logic [AW-1:0]                          desc_axon_o,
  input  logic [nmx_pkg::AxPlBits-1:0]           desc_i,
  output logic [AW-1:0]                          ev_axon_o,
  input  logic                                   ev_i,
  // the synapse memory (nmx_synapse_engine)
  output logic                                   syn_sel_o,
  output logic [SW-1:0]                          syn_raddr_o,
  input  logic [Lanes*nmx_pkg::SynBits-1:0]      syn_rdata_i,
  output logic [Lanes-1:0]                       syn_we_o,
  output logic [SW-1:0]                          syn_waddr_o,
  output logic [nmx_pkg::SynBits-1:0]            syn_wdata_o,
  // the post neuron's membrane (nmx_neuron_pipe's state read port, read a cycle after v_idx_o)
  // and its spike probability (the sigmoid table's synchronous read at that membrane: one
  // cycle later, and held while the synapse is evaluated; captured in TmHd)
  output logic [NW-1:0]                          v_idx_o,
  input  logic signed [nmx_pkg::StateBits-1:0]   v_i,
  input  logic [nmx_pkg::LutBits-1:0]            p_i,
  // phase
  output logic                                   active_o,
  output logic                                   done_o,
  // state read-back while frozen: one clock after dbg_addr_i (syn: through syn_raddr_o)
  input  nmx_pkg::pl_dbg_e                        dbg_sel_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]         dbg_addr_i,
  output logic [DbgBits-1:0]                     dbg_o
);

  localparam int unsigned TB  = nmx_pkg::TraceBits;
  localparam int unsigned GB  = nmx_pkg::GroupBits;
  localparam int unsigned G   = nmx_pkg::MaxGroups;
  localparam int unsigned YB  = nmx_pkg::PlDbgYBits;
  localparam int unsigned EB  = nmx_pkg::EligBits;
  localparam int unsigned PB  = nmx_pkg::RuleProdRegBits;
  localparam int unsigned RB  = nmx_pkg::RuleSumBits;
  localparam int unsigned KB  = nmx_pkg::CcAxonsBits + 1;    // sweep counter: 0..max(A, N)
  localparam int unsigned ClrBits = (A > N ? AW : NW) + 1;
  localparam int unsigned GpW = 64;                           // one group parameter part
  localparam logic [1:0] EvPre = 2'd0, EvPost = 2'd1, EvEpoch = 2'd2;
  localparam logic [1:0] TgW = 2'd0, TgE = 2'd1;  // D = 2
  localparam logic [1:0] HeaderSlot = 2'd3;

  typedef enum logic [4:0] {Idle, YDec, AxRd, AxUp, SyF0, SyF1, SyF2, TmHd, TmFc, TmAc, TgRd, SyWr,
                            NRd, NUp, CRd, CAx, CDs, NWr, EpRd, EpUp, Done} state_e;

  // ---- registers -------------------------------------------------------------------------------
  state_e                          state_q, state_d, st;
  logic [KB-1:0]                   k_q, k_d, k_eff;                 // neuron or axon of the sweep
  logic [GB-1:0]                   g_q, g_d;
  logic [1:0]                      ev_q, ev_d, tg_q, tg_d, term_q, term_d, fac_q, fac_d, nf_q, nf_d;
  logic                            tern_q, tern_d, dense_q, dense_d, pre_q, pre_d;
  logic [TB-1:0]                   x1_q, x1_d, x2_q, x2_d, y1_q, y1_d, y2_q, y2_d;
  logic [SW-1:0]                   word_q, word_d;
  logic [LW-1:0]                   lane_q, lane_d;
  logic [nmx_pkg::AxLenBits-1:0]   j_q, j_d, len_q, len_d;
  logic [nmx_pkg::SynBits-1:0]     syn_q, syn_d;
  logic signed [EB-1:0]            e0_q, e0_d, en_q, en_d;
  logic signed [nmx_pkg::LearnBits-1:0] l_q, l_d;
  logic signed [nmx_pkg::StateBits-1:0] v_q, v_d;
  logic [nmx_pkg::LutBits-1:0]     p_q, p_d;
  logic signed [nmx_pkg::CodeBits-1:0]  wn_q, wn_d;
  logic [nmx_pkg::DelayBits-1:0]   dn_q, dn_d;
  logic                            neg_q, neg_d, tpre_q, tpre_d;
  logic [nmx_pkg::RuleShiftBits-1:0] shift_q, shift_d;
  logic signed [PB-1:0]            prod_q, prod_d;
  logic signed [RB-1:0]            sum_q, sum_d;
  logic [nmx_pkg::ColIdxBits-1:0]  col_q, col_d, hi_q, hi_d;
  logic [YB-1:0]                   yw_q, yw_d;                      // neuron k's y word (post sweep)
  logic [nmx_pkg::LfsrBits-1:0]    lfsr_q, lfsr_d, lfsr_adv;
  logic [N-1:0]                    spk_q, spk_d;                    // spiked this step
  logic [G*nmx_pkg::GpEpochBits-1:0] epc_q, epc_d;                  // steps since the group's last epoch
  logic [G-1:0]                    due_q, due_d;                    // the group's epoch runs this step
  logic [GB:0]                     eg_q, eg_d;                      // the group of the epoch pass (G: none)
  logic [3*G*GpW-1:0]              gp_q, gp_d;                      // group parameters, parts 0..2
  logic [ClrBits-1:0]              clr_q, clr_d;

  // ---- group parameters ---------------------------------------------------------------------------
  function automatic logic [GpW-1:0] part(input logic [3*G*GpW-1:0] gp, input logic [GB-1:0] g, input int p);
    part = gp[(32'(g) * 3 + p) * GpW +: GpW];
  endfunction
  function automatic logic [nmx_pkg::RuleTermsBits-1:0] terms(input logic [3*G*GpW-1:0] gp, input logic [GB-1:0] g,
                                                            input logic [1:0] ev, input logic [1:0] tg);
    logic [GpW-1:0] p2;
    p2 = part(gp, g, 2);
    terms = p2[nmx_pkg::GpTermsLsb + nmx_pkg::RuleTermsBits * (3 * 32'(ev) + 32'(tg)) +: nmx_pkg::RuleTermsBits];
  endfunction
  // the first due group at or after g, or G when none
  function automatic logic [GB:0] next_due(input logic [G-1:0] due, input logic [GB:0] g);
    next_due = (GB+1)'(G);
    for (int k = G - 1; k >= 0; k--) if ((GB+1)'(k) >= g && due[k]) next_due = (GB+1)'(k);
  endfunction

  // What follows neuron k's post pass (in NUp for a neuron that did not spike, in NWr after
  // its y update): the next neuron, else the first epoch group due, else done.
  task automatic after_post(input logic more, input logic [KB-1:0] k, input logic [GB:0] eg,
                            input logic [G-1:0] due, input logic any_axon, output state_e st_o,
                            output logic [KB-1:0] k_o, output logic [GB:0] eg_o);
    if (more) begin
      st_o = NRd;
      k_o  = k + 1'b1;
      eg_o = eg;
    end else begin
      k_o  = '0;
      eg_o = next_due(due, '0);
      st_o = (eg_o != (GB+1)'(G) && any_axon) ? EpRd : Done;
    end
  endtask
  // the first target at or after tg with a program, or 3 when none
  function automatic logic [1:0] next_target(input logic [3*G*GpW-1:0] gp, input logic [GB-1:0] g,
                                             input logic [1:0] ev, input logic [1:0] tg);
    next_target = 2'd3;
    for (int t = 2; t >= 0; t--) if (2'(t) >= tg && terms(gp, g, ev, 2'(t)) != '0) next_target = 2'(t);
  endfunction

  logic [GpW-1:0] gx, gy, gz;      // the current group's parts
  assign gx = part(gp_q, g_q, 0);
  assign gy = part(gp_q, g_q, 1);
  assign gz = part(gp_q, g_q, 2);

  // ---- memories -----------------------------------------------------------------------------------
  logic                         x_we, y_we;
  logic [AW-1:0]                x_ra, x_wa;
  logic [NW-1:0]                y_ra, y_wa, l_ra;
  logic [2*TB-1:0]              x_rd, x_wd;
  logic [YB-1:0]                y_rd, y_wd;
  logic [nmx_pkg::LearnBits-1:0] l_rd;
  logic [Lanes*EB-1:0]          e_rd;
  logic [SW-1:0]                e_ra;
  logic [nmx_pkg::RmBits-1:0]   rule_rd;
  logic [nmx_pkg::RuleAddrBits-1:0] rule_ra;
  logic [2*nmx_pkg::ColIdxBits-1:0] cp_rd;
  logic [nmx_pkg::CeLaneLsb+nmx_pkg::CeLaneBits-1:0] ce_rd;
  logic [CW-1:0]                ce_ra;
  logic [NW-1:0]                post_ra;                           // SyF1: the synapse's post neuron
  logic [AW-1:0]                desc_axon_q;                       // CDs: the entry's axon

  // ---- the selected synapse, the evaluator --------------------------------------------------------
  logic [nmx_pkg::SynBits-1:0]   syn_lane;
  logic signed [nmx_pkg::CodeBits-1:0] w0;
  logic [nmx_pkg::DelayBits-1:0] d0;
  logic signed [PB-1:0]          alu_prod;
  logic signed [RB-1:0]          alu_sum;
  logic signed [nmx_pkg::CodeBits-1:0] alu_w;
  logic signed [EB-1:0]          alu_e;
  logic [nmx_pkg::DelayBits-1:0] alu_d;
  logic [1:0]                    tg_next;
  logic [nmx_pkg::AxLenBits-1:0] desc_len;
  logic [nmx_pkg::CcNeuronsBits-1:0] n_used;
  logic [nmx_pkg::CcAxonsBits-1:0]   a_used;

  assign syn_lane = syn_rdata_i[nmx_pkg::SynBits * 32'(lane_q) +: nmx_pkg::SynBits];
  assign w0       = nmx_pkg::decode_code(syn_q[nmx_pkg::SynCodeLsb +: nmx_pkg::CodeBits], tern_q);
  assign d0       = syn_q[nmx_pkg::SynDelayLsb +: nmx_pkg::DelayBits];
  assign desc_len = desc_i[nmx_pkg::AxLenLsb +: nmx_pkg::AxLenBits];
  assign n_used   = cfg_neurons_i;
  assign a_used   = cfg_axons_i;
  assign lfsr_adv = nmx_pkg::lfsr_next(lfsr_q);
  assign tg_next  = next_target(gp_q, g_q, ev_q, tg_q + 2'd1);

  nmx_plastic_alu u_alu (
    .rule_i (rule_rd), .x1_i (x1_q), .x2_i (x2_q), .y1_i (y1_q), .y2_i (y2_q), .e_i (e0_q), .l_i (l_q),
    .w_i (w0), .d_i (d0), .v_i (v_q), .p_i (p_q), .prod_i (prod_q), .prod_o (alu_prod),
    .shift_i (shift_q), .negative_i (neg_q), .counts_i (!tpre_q || pre_q), .fault_sign_i, .sum_i (sum_q),
    .sum_o (alu_sum), .nearest_i (gz[nmx_pkg::GpNearestBit]), .lfsr_i (lfsr_adv),
    .w_min_i (signed'(gz[nmx_pkg::GpWMinLsb +: nmx_pkg::CodeBits])),
    .w_max_i (signed'(gz[nmx_pkg::GpWMaxLsb +: nmx_pkg::CodeBits])),
    .d_max_i (d_mask_i), .w_o (alu_w), .e_o (alu_e), .d_o (alu_d)
  );

  // An idle unit told the neuron phase is over acts this very cycle as YDec.
  assign st    = (state_q == Idle && neuron_done_i && cfg_groups_i != '0) ? YDec : state_q;
  assign k_eff = (state_q == Idle) ? '0 : k_q;

  // ---- next state ------------------------------------------------------------------------------------
  logic more_axons, more_neurons, row_more;
  logic [GpW-1:0] px;                                     // the part 0 of the group of a row just read
  logic [G*GpW-1:0] py_all, pz_all;                       // parts 1 and 2 of every group
  assign px = part(gp_q, desc_i[nmx_pkg::AxGroupLsb +: GB], 0);
  for (genvar g = 0; g < G; g++) begin : g_group_parts
    assign py_all[g*GpW +: GpW] = part(gp_q, GB'(g), 1);
    assign pz_all[g*GpW +: GpW] = part(gp_q, GB'(g), 2);
  end

  // The next state's arithmetic and program lookups, each computed once here rather than
  // inside the case arms that use them: the same function, and a next-state block yosys
  // turns into multiplexers quickly (a function called in an arm is inlined per arm).
  logic [G-1:0]     epoch_prog;          // group g has an epoch program
  logic [YB-1:0]    y_decayed, y_bumped; // y_rd decayed (YDec), yw_q after a post spike (NWr)
  logic [TB-1:0]    x1_next, x2_next;    // the axon's x after its step (AxUp)
  logic             pre_prog;            // the group of the row just read has a pre program
  logic [1:0]       tg_first;            // the first target with a program (SyF2)
  logic [nmx_pkg::RuleTermsBits-1:0] terms_now;  // the current target's terms (TmAc)
  for (genvar g = 0; g < G; g++) begin : g_group_steps
    assign epoch_prog[g] = next_target(gp_q, GB'(g), EvEpoch, 2'd0) != 2'd3;
    assign y_decayed[32*g +: TB] = nmx_pkg::trace_step(y_rd[32*g +: TB], py_all[g*GpW + nmx_pkg::TpDecayLsb +: 13],
                                                       '0, 1'b0);
    assign y_decayed[32*g + TB +: TB] = nmx_pkg::trace_step(y_rd[32*g + TB +: TB],
                                          py_all[g*GpW + nmx_pkg::TpSecondLsb + nmx_pkg::TpDecayLsb +: 13], '0, 1'b0);
    assign y_bumped[32*g +: TB] = nmx_pkg::trace_step(yw_q[32*g +: TB], '0, py_all[g*GpW + nmx_pkg::TpAmpLsb +: 16],
                                                      1'b1);
    assign y_bumped[32*g + TB +: TB] = nmx_pkg::trace_step(yw_q[32*g + TB +: TB], '0,
                                         py_all[g*GpW + nmx_pkg::TpSecondLsb + nmx_pkg::TpAmpLsb +: 16], 1'b1);
  end
  assign x1_next   = nmx_pkg::trace_step(x_rd[0 +: TB], px[nmx_pkg::TpDecayLsb +: 13], px[nmx_pkg::TpAmpLsb +: 16], ev_i);
  assign x2_next   = nmx_pkg::trace_step(x_rd[TB +: TB], px[nmx_pkg::TpSecondLsb + nmx_pkg::TpDecayLsb +: 13],
                                         px[nmx_pkg::TpSecondLsb + nmx_pkg::TpAmpLsb +: 16], ev_i);
  assign pre_prog  = next_target(gp_q, desc_i[nmx_pkg::AxGroupLsb +: GB], EvPre, 2'd0) != 2'd3;
  assign tg_first  = next_target(gp_q, g_q, ev_q, 2'd0);
  assign terms_now = terms(gp_q, g_q, ev_q, tg_q);

  always_comb begin
    state_d = st;
    k_d = k_eff; g_d = g_q; ev_d = ev_q; tg_d = tg_q; term_d = term_q; fac_d = fac_q; nf_d = nf_q;
    tern_d = tern_q; dense_d = dense_q; pre_d = pre_q;
    x1_d = x1_q; x2_d = x2_q; y1_d = y1_q; y2_d = y2_q;
    word_d = word_q; lane_d = lane_q; j_d = j_q; len_d = len_q; syn_d = syn_q;
    e0_d = e0_q; en_d = en_q; l_d = l_q; v_d = v_q; p_d = p_q; wn_d = wn_q; dn_d = dn_q;
    neg_d = neg_q; tpre_d = tpre_q; shift_d = shift_q; prod_d = prod_q; sum_d = sum_q;
    col_d = col_q; hi_d = hi_q; yw_d = yw_q; lfsr_d = lfsr_q; spk_d = spk_q; epc_d = epc_q; due_d = due_q;
    eg_d = eg_q; gp_d = gp_q;
    x_we = 1'b0; x_wa = AW'(k_eff); x_wd = '0;
    y_we = 1'b0; y_wa = NW'(k_eff); y_wd = '0;
    syn_we_o = '0; syn_wdata_o = syn_q;

    more_axons   = k_eff + 1'b1 < KB'(a_used);
    more_neurons = k_eff + 1'b1 < KB'(n_used);
    row_more     = j_q + 1'b1 < len_q;

    unique case (st)
      YDec: begin
        if (state_q == Idle) begin  // the step's epoch decision: (t + 1) mod epoch == 0
          for (int g = 0; g < G; g++) begin
            due_d[g] = pz_all[g*GpW + nmx_pkg::GpEpochLsb +: nmx_pkg::GpEpochBits] != '0
                    && epc_q[g*nmx_pkg::GpEpochBits +: nmx_pkg::GpEpochBits] + 1'b1
                       == pz_all[g*GpW + nmx_pkg::GpEpochLsb +: nmx_pkg::GpEpochBits]
                    && epoch_prog[g];
            epc_d[g*nmx_pkg::GpEpochBits +: nmx_pkg::GpEpochBits] =
              due_d[g] ? '0 : epc_q[g*nmx_pkg::GpEpochBits +: nmx_pkg::GpEpochBits] + 1'b1;
          end
        end
        // neuron k - 1's word, read in the previous cycle, decayed
        if (k_eff != '0) begin
          y_we = 1'b1;
          y_wa = NW'(k_eff - 1'b1);
          for (int g = 0; g < G; g++) begin
            if (3'(g) < cfg_groups_i) y_wd[32*g +: 2*TB] = y_decayed[32*g +: 2*TB];
          end
        end
        k_d = k_eff + 1'b1;
        if (k_eff == KB'(n_used)) begin
          k_d = '0;
          state_d = (a_used != '0) ? AxRd : NRd;
        end
      end

      AxRd: state_d = AxUp;
      AxUp: begin  // desc, x of axon k and its event bit
        g_d = desc_i[nmx_pkg::AxGroupLsb +: GB];
        tern_d = desc_i[nmx_pkg::AxTernBit];
        dense_d = desc_i[nmx_pkg::AxDenseBit];
        pre_d = ev_i;
        x1_d = x1_next;
        x2_d = x2_next;
        x_we = desc_i[nmx_pkg::AxPlasticBit];
        x_wd = {x2_d, x1_d};
        word_d = SW'(desc_i[nmx_pkg::AxBeginLsb +: nmx_pkg::AxBeginBits]);
        lane_d = '0;
        j_d = '0;
        len_d = desc_len;
        ev_d = EvPre;
        if (desc_i[nmx_pkg::AxPlasticBit] && ev_i && desc_len != '0 && pre_prog) state_d = SyF0;
        else if (more_axons) begin
          state_d = AxRd;
          k_d = k_eff + 1'b1;
        end else begin
          state_d = NRd;
          k_d = '0;
        end
      end

      SyF0: state_d = SyF1;
      SyF1: begin
        syn_d = syn_lane;
        e0_d  = signed'(e_rd[EB * 32'(lane_q) +: EB]);
        state_d = SyF2;
      end
      SyF2: begin
        y1_d = y_rd[32 * 32'(g_q) +: TB];
        y2_d = y_rd[32 * 32'(g_q) + TB +: TB];
        l_d  = signed'(l_rd);
        v_d  = v_i;
        wn_d = w0;
        dn_d = d0;
        en_d = e0_q;
        sum_d = '0;
        tg_d = tg_first;
        term_d = '0;
        state_d = (tg_d == 2'd3) ? SyWr : TmHd;
      end
      TmHd: begin
        p_d     = p_i;  // the table read at SyF2's v (a factor needs it from TmFc on)
        neg_d   = rule_rd[nmx_pkg::RmNegBit];
        shift_d = rule_rd[nmx_pkg::RmShiftLsb +: nmx_pkg::RuleShiftBits];
        tpre_d  = rule_rd[nmx_pkg::RmPreBit];
        nf_d    = rule_rd[nmx_pkg::RmFactorsLsb +: 2];
        prod_d  = PB'(1);
        fac_d   = '0;
        state_d = (nf_d == '0) ? TmAc : TmFc;
      end
      TmFc: begin
        prod_d = alu_prod;
        if (fac_q + 1'b1 < nf_q) fac_d = fac_q + 1'b1;
        else state_d = TmAc;
      end
      TmAc: begin
        sum_d = alu_sum;
        if (3'(term_q) + 3'd1 < terms_now) begin
          term_d = term_q + 1'b1;
          state_d = TmHd;
        end else state_d = TgRd;
      end
      TgRd: begin
        if (!gz[nmx_pkg::GpNearestBit]) lfsr_d = lfsr_adv;
        unique case (tg_q)
          TgW: wn_d = alu_w;
          TgE: en_d = alu_e;
          default: dn_d = alu_d;
        endcase
        sum_d = '0;
        term_d = '0;
        tg_d = tg_next;
        state_d = (tg_next == 2'd3) ? SyWr : TmHd;
      end
      SyWr: begin
        syn_we_o[lane_q] = 1'b1;
        syn_wdata_o[nmx_pkg::SynCodeLsb +: nmx_pkg::CodeBits] = wn_q;
        syn_wdata_o[nmx_pkg::SynDelayLsb +: nmx_pkg::DelayBits] = dn_q;
        if (ev_q == EvPost) begin
          if (col_q + 1'b1 < hi_q) begin
            col_d = col_q + 1'b1;
            state_d = CRd;
          end else state_d = NWr;
        end else if (row_more) begin
          j_d = j_q + 1'b1;
          state_d = SyF0;
          if (!dense_q || 32'(lane_q) + 1 == Lanes) begin
            word_d = word_q + 1'b1;
            lane_d = '0;
          end else lane_d = lane_q + 1'b1;
        end else if (more_axons) begin
          k_d = k_eff + 1'b1;
          state_d = (ev_q == EvPre) ? AxRd : EpRd;
        end else begin
          k_d = '0;
          if (ev_q == EvPre) state_d = NRd;
          else begin  // the epoch pass of group eg is over: the next due group's, or done
            eg_d = next_due(due_q, eg_q + 1'b1);
            state_d = (eg_d == (GB+1)'(G)) ? Done : EpRd;
          end
        end
      end

      NRd: state_d = NUp;
      NUp: begin  // y and column pointers of neuron k
        yw_d  = y_rd;
        col_d = cp_rd[nmx_pkg::CpLoLsb +: nmx_pkg::ColIdxBits];
        hi_d  = cp_rd[nmx_pkg::CpHiLsb +: nmx_pkg::ColIdxBits];
        ev_d  = EvPost;
        if (spk_q[NW'(k_eff)]) state_d = (col_d < hi_d) ? CRd : NWr;
        else after_post(more_neurons, k_eff, eg_d, due_q, a_used != '0, state_d, k_d, eg_d);
      end
      CRd: state_d = CAx;
      CAx: begin  // the entry: its synapse's place, its axon read next
        word_d = SW'(ce_rd[nmx_pkg::CeWordLsb +: nmx_pkg::AxBeginBits]);
        lane_d = LW'(ce_rd[nmx_pkg::CeLaneLsb +: nmx_pkg::CeLaneBits]);
        state_d = CDs;
      end
      CDs: begin
        g_d = desc_i[nmx_pkg::AxGroupLsb +: GB];
        tern_d = desc_i[nmx_pkg::AxTernBit];
        pre_d = ev_i;
        x1_d = x_rd[0 +: TB];
        x2_d = x_rd[TB +: TB];
        state_d = SyF0;
      end
      NWr: begin
        y_we = 1'b1;
        y_wd = yw_q;
        for (int g = 0; g < G; g++) begin
          if (3'(g) < cfg_groups_i) y_wd[32*g +: 2*TB] = y_bumped[32*g +: 2*TB];
        end
        after_post(more_neurons, k_eff, eg_d, due_q, a_used != '0, state_d, k_d, eg_d);
      end

      EpRd: state_d = EpUp;
      EpUp: begin
        g_d = desc_i[nmx_pkg::AxGroupLsb +: GB];
        tern_d = desc_i[nmx_pkg::AxTernBit];
        dense_d = desc_i[nmx_pkg::AxDenseBit];
        pre_d = 1'b0;  // an epoch is no pre event
        x1_d = x_rd[0 +: TB];
        x2_d = x_rd[TB +: TB];
        word_d = SW'(desc_i[nmx_pkg::AxBeginLsb +: nmx_pkg::AxBeginBits]);
        lane_d = '0;
        j_d = '0;
        len_d = desc_len;
        ev_d = EvEpoch;
        if (desc_i[nmx_pkg::AxPlasticBit] && (GB+1)'(desc_i[nmx_pkg::AxGroupLsb +: GB]) == eg_q && desc_len != '0)
          state_d = SyF0;
        else if (more_axons) begin
          state_d = EpRd;
          k_d = k_eff + 1'b1;
        end else begin
          k_d = '0;
          eg_d = next_due(due_q, eg_q + 1'b1);
          state_d = (eg_d == (GB+1)'(G)) ? Done : EpRd;
        end
      end
      default: ;
    endcase

    if (spike_i) spk_d[spike_idx_i] = 1'b1;
    if (swap_i) begin
      state_d = Idle;
      spk_d = '0;
    end
    if (group_we_i && ld_addr_i[1:0] != 2'd3)
      gp_d[(32'(ld_addr_i[GB+1:2]) * 3 + 32'(ld_addr_i[1:0])) * GpW +: GpW] = GpW'(ld_data_i);

    if (!en_i) begin  // frozen: the host loads or reads back
      state_d = state_q;
      k_d = k_q; g_d = g_q; ev_d = ev_q; tg_d = tg_q; term_d = term_q; fac_d = fac_q; nf_d = nf_q;
      tern_d = tern_q; dense_d = dense_q; pre_d = pre_q;
      x1_d = x1_q; x2_d = x2_q; y1_d = y1_q; y2_d = y2_q;
      word_d = word_q; lane_d = lane_q; j_d = j_q; len_d = len_q; syn_d = syn_q;
      e0_d = e0_q; en_d = en_q; l_d = l_q; v_d = v_q; p_d = p_q; wn_d = wn_q; dn_d = dn_q;
      neg_d = neg_q; tpre_d = tpre_q; shift_d = shift_q; prod_d = prod_q; sum_d = sum_q;
      col_d = col_q; hi_d = hi_q; yw_d = yw_q; lfsr_d = lfsr_q; spk_d = spk_q; epc_d = epc_q; due_d = due_q;
      eg_d = eg_q;
      x_we = 1'b0;
      y_we = 1'b0;
      syn_we_o = '0;
    end
    // The LFSR carries on over samples (what a run learns persists); the host seeds it.
    if (seed_we_i) lfsr_d = ld_data_i[nmx_pkg::LfsrBits-1:0];
    if (clear_i) begin  // a sample starts: traces swept to 0 (x, y)
      state_d = Idle;
      spk_d = '0;
      epc_d = '0;
      due_d = '0;
      x_we = 32'(clr_q) < A;
      x_wa = AW'(clr_q);
      x_wd = '0;
      y_we = 32'(clr_q) < N;
      y_wa = NW'(clr_q);
      y_wd = '0;
    end
  end

  assign clr_d = clear_i ? clr_q + 1'b1 : '0;

  // ---- read addresses: presented in the cycle before the data is used ----------------------------------
  always_comb begin
    x_ra = AW'(k_eff);
    if (st == CAx) x_ra = AW'(ce_rd[nmx_pkg::CeAxonLsb +: nmx_pkg::AxonIdBits]);
    if (!en_i) x_ra = AW'(dbg_addr_i);
  end
  assign post_ra     = NW'(syn_lane[nmx_pkg::SynPostLsb +: nmx_pkg::SynPostBits]);
  assign y_ra        = !en_i ? NW'(dbg_addr_i) : (st == SyF1) ? post_ra : NW'(k_eff);
  assign l_ra        = post_ra;
  assign v_idx_o     = post_ra;
  assign e_ra        = !en_i ? SW'(dbg_addr_i) : word_q;
  assign ce_ra       = CW'(col_q);
  assign rule_ra     = {g_d, ev_d, tg_d, term_d, (state_d == TmHd) ? HeaderSlot : fac_d};
  assign desc_sel_o  = st != Idle && st != Done;
  assign desc_axon_o = (st == CAx) ? AW'(ce_rd[nmx_pkg::CeAxonLsb +: nmx_pkg::AxonIdBits]) : AW'(k_eff);
  assign ev_axon_o   = (st == CDs) ? desc_axon_q : AW'(k_eff);
  assign syn_sel_o   = desc_sel_o || !en_i;
  assign syn_raddr_o = !en_i ? SW'(dbg_addr_i) : word_q;
  assign syn_waddr_o = word_q;

  // the axon of a post event's entry, for its event bit one cycle later
  always_ff @(posedge clk_i) if (en_i) desc_axon_q <= desc_axon_o;

  nmx_sram #(.Width (2 * TB), .Depth (A)) u_x_mem (
    .clk_i, .we_i (x_we), .waddr_i (x_wa), .wdata_i (x_wd), .re_i (1'b1), .raddr_i (x_ra), .rdata_o (x_rd)
  );
  nmx_sram #(.Width (YB), .Depth (N)) u_y_mem (
    .clk_i, .we_i (y_we), .waddr_i (y_wa), .wdata_i (y_wd), .re_i (1'b1), .raddr_i (y_ra), .rdata_o (y_rd)
  );
  nmx_sram #(.Width (nmx_pkg::LearnBits), .Depth (N)) u_l_mem (
    .clk_i, .we_i (learn_we_i), .waddr_i (NW'(ld_addr_i)), .wdata_i (ld_data_i[nmx_pkg::LearnBits-1:0]),
    .re_i (1'b1), .raddr_i (l_ra), .rdata_o (l_rd)
  );
  nmx_sram #(.Width (nmx_pkg::RmBits), .Depth (1 << nmx_pkg::RuleAddrBits)) u_rule_mem (
    .clk_i, .we_i (rule_we_i), .waddr_i (nmx_pkg::RuleAddrBits'(ld_addr_i)), .wdata_i (ld_data_i[nmx_pkg::RmBits-1:0]),
    .re_i (1'b1), .raddr_i (rule_ra), .rdata_o (rule_rd)
  );
  nmx_sram #(.Width (2 * nmx_pkg::ColIdxBits), .Depth (N)) u_colptr_mem (
    .clk_i, .we_i (colptr_we_i), .waddr_i (NW'(ld_addr_i)), .wdata_i (ld_data_i[2*nmx_pkg::ColIdxBits-1:0]),
    .re_i (1'b1), .raddr_i (NW'(k_eff)), .rdata_o (cp_rd)
  );
  nmx_sram #(.Width (nmx_pkg::CeLaneLsb + nmx_pkg::CeLaneBits), .Depth (ColEntries)) u_column_mem (
    .clk_i, .we_i (column_we_i), .waddr_i (CW'(ld_addr_i)),
    .wdata_i (ld_data_i[nmx_pkg::CeLaneLsb+nmx_pkg::CeLaneBits-1:0]), .re_i (1'b1), .raddr_i (ce_ra), .rdata_o (ce_rd)
  );
  for (genvar l = 0; l < Lanes; l++) begin : g_elig
    logic we;
    logic [SW-1:0] waddr;  // the host's word while it loads, else the unit's
    assign we    = elig_we_i || (st == SyWr && en_i && 32'(lane_q) == l);
    assign waddr = elig_we_i ? SW'(ld_addr_i) : word_q;
    nmx_sram #(.Width (EB), .Depth (SynWords)) u_e_mem (
      .clk_i, .we_i (we), .waddr_i (waddr),
      .wdata_i (elig_we_i ? ld_data_i[nmx_pkg::LaneStride*l +: EB] : en_q),
      .re_i (1'b1), .raddr_i (e_ra), .rdata_o (e_rd[EB*l +: EB])
    );
  end

  // ---- flops ------------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      k_q     <= '0;
      lfsr_q  <= '0;
      spk_q   <= '0;
      epc_q   <= '0;
      due_q   <= '0;
      gp_q    <= '0;
      clr_q   <= '0;
    end else begin
      state_q <= state_d;
      k_q     <= k_d;
      lfsr_q  <= lfsr_d;
      spk_q   <= spk_d;
      epc_q   <= epc_d;
      due_q   <= due_d;
      gp_q    <= gp_d;
      clr_q   <= clr_d;
    end
  end

  always_ff @(posedge clk_i) begin
    g_q <= g_d; ev_q <= ev_d; tg_q <= tg_d; term_q <= term_d; fac_q <= fac_d; nf_q <= nf_d;
    tern_q <= tern_d; dense_q <= dense_d; pre_q <= pre_d;
    x1_q <= x1_d; x2_q <= x2_d; y1_q <= y1_d; y2_q <= y2_d;
    word_q <= word_d; lane_q <= lane_d; j_q <= j_d; len_q <= len_d; syn_q <= syn_d;
    e0_q <= e0_d; en_q <= en_d; l_q <= l_d; v_q <= v_d; p_q <= p_d; wn_q <= wn_d; dn_q <= dn_d;
    neg_q <= neg_d; tpre_q <= tpre_d; shift_q <= shift_d; prod_q <= prod_d; sum_q <= sum_d;
    col_q <= col_d; hi_q <= hi_d; yw_q <= yw_d; eg_q <= eg_d;
  end

  // ---- outputs ----------------------------------------------------------------------------------------
  assign active_o = st != Idle && st != Done;
  assign done_o   = (cfg_groups_i == '0) ? neuron_done_i : state_q == Done;
  always_comb begin
    dbg_o = '0;
    unique case (dbg_sel_i)
      nmx_pkg::PlDbgX: dbg_o[2*TB-1:0] = x_rd;
      nmx_pkg::PlDbgY: dbg_o[YB-1:0] = y_rd;
      nmx_pkg::PlDbgElig: for (int l = 0; l < Lanes; l++) dbg_o[nmx_pkg::LaneStride*l +: EB] = e_rd[EB*l +: EB];
      default: for (int l = 0; l < Lanes; l++)
        dbg_o[nmx_pkg::LaneStride*l +: nmx_pkg::SynBits] = syn_rdata_i[nmx_pkg::SynBits*l +: nmx_pkg::SynBits];
    endcase
  end

  logic unused;
  assign unused = ^{ld_data_i, ld_addr_i, dbg_addr_i, gx, gy, desc_i, ce_rd, cp_rd, px, py_all};
endmodule
