// One neuromorphic core (docs/cycle-model.md), wiring only:
//   nmx_core_loader    the memory-image load port and the core configuration
//   nmx_scanner        event buffer, bitmap scan, axon table, row sequencer, timestep
//   nmx_synapse_engine synapse memory and the L synapse lanes (decode, scale, slot)
//   nmx_acc_ring       the delay-line ring acc[D][N]
//   nmx_neuron_pipe    neuron state, parameters, sigmoid table and the neuron datapath
//   nmx_route_engine   spike queue and routing table
//   nmx_plasticity     the plasticity unit and its traces, rule memory and column table
//                      (Plasticity builds only)
//   nmx_mode_unit      the low-rank mode unit (Modes > 0 only), phase 4
// Phases follow models/chip/hw/microarch.hpp cycle for cycle:
//   synaptic: ceil(A_used/64) scan cycles + per row (1 descriptor + beats) + SynapsePipe
//   neuron:   N issue cycles + NeuronPipe; neuron i's spike leaves in cycle np + 3 + i
//   plastic:  models/chip/plastic/plastic_cycles.hpp (none when the core has no synapse group)
//   mode:     2 N P + P + ModePipe when a mode projection is loaded (P > 0), else none; it
//             starts in the cycle the plasticity phase (or, without one, the neuron phase) is done.
// Arrival order is the ascending axon order of the bitmap scan (docs/architecture.md).
module nmx_core
#(
  parameter int unsigned N        = 256,    // neurons (max)
  parameter int unsigned A        = 1024,   // axons (max)
  parameter int unsigned DMax     = 64,     // delay slots (max); runtime D via d_mask_i
  parameter int unsigned Lanes    = 8,
  parameter int unsigned SynWords = 32768,  // general synapse memory words of Lanes synapses
  parameter int unsigned TernWords = 32768, // packed ternary memory words of Lanes synapses
  parameter int unsigned Routes   = 8192,
  parameter int unsigned CoreW    = 5,
  parameter bit          Plasticity = 1'b0,  // the plasticity unit (hw config core.plasticity)
  parameter int unsigned ColEntries = 8192,  // column table entries: plastic synapses with a post program
  parameter bit          FaultsEnabled = 1'b0,  // test only: fault-injection hooks (tests/rtl)
  parameter int unsigned Modes    = 0,      // the mode unit's most modes P, 0..ModeMax (0: no unit)
  // load port data: a synapse word of every lane, and at least one 64-bit parameter word
  parameter int unsigned LdBits   = nmx_pkg::LaneStride * (Lanes > 2 ? Lanes : 2),
  // plasticity read-back: a synapse or e word of every lane, or a y word
  parameter int unsigned DbgBits  = LdBits > nmx_pkg::PlDbgYBits ? LdBits : nmx_pkg::PlDbgYBits
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 en_i,
  input  logic                                 clear_i,
  input  logic                                 start_i,    // first cycle of a compute step
  input  logic                                 swap_i,     // end of any step: event-buffer banks swap
  input  logic                                 tick_i,     // end of a compute step: t advances
  input  logic [nmx_pkg::DelayBits-1:0]        d_mask_i,   // D - 1
  input  logic [nmx_pkg::FaultBits-1:0]       fault_i,    // test only (FaultsEnabled): 1 delay + 1, 2 rounding
  // router delivery into the next-step bank
  input  logic                                 ev_valid_i,
  input  logic [nmx_pkg::AxonIdBits-1:0]       ev_axon_i,
  // route engine request
  output logic                                 rq_valid_o,
  output logic [CoreW-1:0]                     rq_core_o,
  output logic [nmx_pkg::AxonIdBits-1:0]       rq_axon_o,
  input  logic                                 rq_grant_i,
  output logic                                 done_o,     // phases finished this step
  output logic                                 re_idle_o,
  // observation
  output nmx_pkg::phase_e                       phase_o,    // 0 idle, 1 synaptic, 2 neuron, 3 plastic, 4 mode
  output logic                                 spike_o,    // a spike enters the route queue at the end of this cycle
  output logic [nmx_pkg::SynPostBits-1:0]      spike_neuron_o,
  // memory image load
  input  logic                                 ld_valid_i,
  input  nmx_pkg::ld_mem_e                     ld_mem_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]       ld_addr_i,
  input  logic [LdBits-1:0]                    ld_data_i,  // LdSynapse: lane l at [LaneStride*l +: SynBits]
  // state read-back
  input  logic [nmx_pkg::SynPostBits-1:0]      dbg_neuron_i,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_u_o,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_v_o,
  output logic [nmx_pkg::RefracBits-1:0]       dbg_ref_o,
  output logic [nmx_pkg::LfsrBits-1:0]         dbg_lfsr_o,
  // plasticity read-back while frozen, one clock after the address (zero without the unit)
  input  nmx_pkg::pl_dbg_e                      dbg_pl_sel_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]       dbg_pl_addr_i,
  output logic [DbgBits-1:0]                   dbg_pl_o,
  // mode unit read-back: r of dbg_neuron_i (one clock later), m of dbg_mode_i (0 without a unit)
  input  logic [nmx_pkg::ModeCntBits-2:0]      dbg_mode_i,
  output logic [nmx_pkg::TraceBits-1:0]        dbg_rate_o,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_m_o
);

  localparam int unsigned NW = N > 1 ? $clog2(N) : 1;
  localparam int unsigned AW = A > 1 ? $clog2(A) : 1;
  localparam int unsigned DW = DMax > 1 ? $clog2(DMax) : 1;
  localparam int unsigned SW = SynWords > 1 ? $clog2(SynWords) : 1;
  localparam int unsigned TW = TernWords > 1 ? $clog2(TernWords) : 1;
  localparam int unsigned RowW = SW > TW ? SW : TW;
  localparam int unsigned DescW = Plasticity ? nmx_pkg::AxPlBits : nmx_pkg::AxBits;

  logic                                fault_delay, fault_round, fault_sign;
  // loader
  logic                                axon_we, syn_we, tern_we, param_a_we, param_b_we, lut_we, clamp_we, route_ptr_we, route_we;
  logic [nmx_pkg::CcNeuronsBits-1:0]   cfg_neurons;
  logic [nmx_pkg::CcAxonsBits-1:0]     cfg_axons;
  logic [nmx_pkg::ShiftBits-1:0]       cfg_shift;
  logic [nmx_pkg::CcGroupsBits-1:0]    cfg_groups;
  logic                                pl_group_we, pl_rule_we, pl_colptr_we, pl_column_we, pl_elig_we, pl_learn_we;
  logic                                pl_seed_we;
  // plasticity unit <-> scanner, synapse engine, neuron state
  logic                                pl_desc_sel, pl_ev, pl_syn_sel, pl_active, pl_done;
  logic [AW-1:0]                       pl_desc_axon, pl_ev_axon;
  logic [DescW-1:0]                    desc;
  logic [SW-1:0]                       pl_syn_raddr, pl_syn_waddr;
  logic [Lanes-1:0]                    pl_syn_we;
  logic [nmx_pkg::SynBits-1:0]         pl_syn_wdata;
  logic [Lanes*nmx_pkg::SynBits-1:0]   syn_rdata;
  logic [NW-1:0]                       pl_v_idx, np_dbg_idx;
  // scanner -> synapse engine
  logic                                beat, row_tern, row_packed, syn_done, synaptic;
  logic [RowW-1:0]                     row_word;
  logic [nmx_pkg::SynPostBits-1:0]     row_base;
  logic [nmx_pkg::ExpBits-1:0]         row_exp;
  logic [nmx_pkg::MantBits-1:0]        row_mant;
  logic [nmx_pkg::DelayBits-1:0]       t;
  logic [DW-1:0]                       slot_t;
  // synapse engine -> ring
  logic [Lanes-1:0]                    lane_valid;
  logic [Lanes*NW-1:0]                 lane_post;
  logic [Lanes*DW-1:0]                 lane_slot;
  logic [Lanes*nmx_pkg::StateBits-1:0] lane_w;
  logic [Lanes-1:0]                    lane_valid_d;  // the lanes' next values: the ring reads early
  logic [Lanes*NW-1:0]                 lane_post_d;
  logic [Lanes*DW-1:0]                 lane_slot_d;
  // neuron pipeline <-> ring, route engine
  logic                                issue, wb, spike, neuron_done, neuron_active;
  logic [NW-1:0]                       issue_idx, wb_idx;
  logic signed [nmx_pkg::StateBits-1:0] acc;
  logic [nmx_pkg::NeuronStateBits-1:0] dbg_state;
  logic [nmx_pkg::LutBits-1:0]         dbg_prob;    // the sigmoid table at dbg_state's v (plasticity factor p)
  // mode unit -> ring (lane 0, while the synapse engine is idle)
  logic                                mode_valid, mode_valid_d, mode_active, mode_done;
  logic [NW-1:0]                       mode_idx, mode_idx_d;
  logic signed [nmx_pkg::StateBits-1:0] mode_w;
  logic [DW-1:0]                       slot_next;
  logic [Lanes-1:0]                    ring_valid, ring_valid_d;
  logic [Lanes*NW-1:0]                 ring_post, ring_post_d;
  logic [Lanes*DW-1:0]                 ring_slot, ring_slot_d;
  logic [Lanes*nmx_pkg::StateBits-1:0] ring_w;

  assign fault_delay = FaultsEnabled && fault_i == nmx_pkg::FaultDelay;
  assign fault_round = FaultsEnabled && fault_i == nmx_pkg::FaultRound;
  assign fault_sign  = FaultsEnabled && fault_i == nmx_pkg::FaultPlastic;
  assign slot_t      = DW'(t & d_mask_i);
  assign slot_next   = DW'((t + 1'b1) & d_mask_i);  // the mode unit's feedback: slot t + 1
  // the neuron state's read port: the plasticity unit's v in its phase, else the host's read-back
  assign np_dbg_idx  = pl_active ? pl_v_idx : NW'(dbg_neuron_i);

  nmx_core_loader #(.LdBits (LdBits)) u_loader (
    .clk_i, .rst_ni, .ld_valid_i, .ld_mem_i, .ld_data_i,
    .axon_we_o (axon_we), .syn_we_o (syn_we), .tern_we_o (tern_we), .param_a_we_o (param_a_we), .param_b_we_o (param_b_we),
    .lut_we_o (lut_we), .clamp_we_o (clamp_we), .route_ptr_we_o (route_ptr_we), .route_we_o (route_we),
    .pl_group_we_o (pl_group_we), .pl_rule_we_o (pl_rule_we), .pl_colptr_we_o (pl_colptr_we),
    .pl_column_we_o (pl_column_we), .pl_elig_we_o (pl_elig_we), .pl_learn_we_o (pl_learn_we),
    .pl_seed_we_o (pl_seed_we),
    .cfg_neurons_o (cfg_neurons), .cfg_axons_o (cfg_axons), .cfg_shift_o (cfg_shift),
    .cfg_groups_o (cfg_groups)
  );

  nmx_scanner #(.A (A), .Lanes (Lanes), .SynWords (SynWords), .TernWords (TernWords), .Plasticity (Plasticity))
  u_scanner (
    .clk_i, .rst_ni, .en_i, .clear_i, .start_i, .swap_i, .tick_i, .cfg_axons_i (cfg_axons),
    .ev_valid_i, .ev_axon_i,
    .axon_we_i (axon_we), .axon_waddr_i (AW'(ld_addr_i)), .axon_wdata_i (ld_data_i[DescW-1:0]),
    .pl_sel_i (pl_desc_sel), .pl_axon_i (pl_desc_axon), .desc_o (desc), .pl_ev_axon_i (pl_ev_axon), .pl_ev_o (pl_ev),
    .beat_o (beat), .row_word_o (row_word), .row_packed_o (row_packed), .row_base_o (row_base), .row_tern_o (row_tern), .row_exp_o (row_exp), .row_mant_o (row_mant),
    .t_o (t), .syn_done_o (syn_done), .synaptic_o (synaptic)
  );

  nmx_synapse_engine #(.N (N), .DMax (DMax), .Lanes (Lanes), .SynWords (SynWords), .TernWords (TernWords)) u_synapse (
    .clk_i, .rst_ni, .en_i, .clear_i, .beat_i (beat), .row_word_i (row_word), .row_packed_i (row_packed),
    .row_base_i (row_base), .row_tern_i (row_tern),
    .row_exp_i (row_exp), .row_mant_i (row_mant), .t_i (t), .d_mask_i, .fault_delay_i (fault_delay),
    .syn_we_i (syn_we), .syn_waddr_i (SW'(ld_addr_i)), .syn_wdata_i (ld_data_i[Lanes*nmx_pkg::LaneStride-1:0]),
    .tern_we_i (tern_we), .tern_waddr_i (TW'(ld_addr_i)),
    .pl_sel_i (pl_syn_sel), .pl_raddr_i (pl_syn_raddr), .pl_we_i (pl_syn_we), .pl_waddr_i (pl_syn_waddr),
    .pl_wdata_i (pl_syn_wdata), .syn_rdata_o (syn_rdata),
    .valid_o (lane_valid), .post_o (lane_post), .slot_o (lane_slot), .w_o (lane_w),
    .valid_d_o (lane_valid_d), .post_d_o (lane_post_d), .slot_d_o (lane_slot_d)
  );

  nmx_acc_ring #(.N (N), .DMax (DMax), .Lanes (Lanes)) u_ring (
    .clk_i, .rst_ni, .en_i, .clear_i,
    .lane_valid_i (ring_valid), .lane_post_i (ring_post), .lane_slot_i (ring_slot), .lane_w_i (ring_w),
    .lane_valid_d_i (ring_valid_d), .lane_post_d_i (ring_post_d), .lane_slot_d_i (ring_slot_d),
    .rd_en_i (issue), .rd_idx_i (issue_idx), .slot_t_i (slot_t), .rd_o (acc), .wb_i (wb), .wb_idx_i (wb_idx)
  );

  nmx_neuron_pipe #(.N (N)) u_neuron_pipe (
    .clk_i, .rst_ni, .en_i, .clear_i, .swap_i, .start_i (syn_done), .cfg_neurons_i (cfg_neurons),
    .cfg_shift_i (cfg_shift), .fault_round_i (fault_round),
    .param_a_we_i (param_a_we), .param_b_we_i (param_b_we), .lut_we_i (lut_we), .clamp_we_i (clamp_we),
    .ld_addr_i (NW'(ld_addr_i)), .ld_data_i (ld_data_i[nmx_pkg::NbBits-1:0]),
    .issue_o (issue), .issue_idx_o (issue_idx), .acc_i (acc), .wb_o (wb), .wb_idx_o (wb_idx),
    .spike_o (spike), .done_o (neuron_done), .active_o (neuron_active),
    .dbg_idx_i (np_dbg_idx), .dbg_state_o (dbg_state), .dbg_prob_o (dbg_prob)
  );

  if (Plasticity) begin : g_plastic
    nmx_plasticity #(.N (N), .A (A), .Lanes (Lanes), .SynWords (SynWords), .ColEntries (ColEntries),
                     .LdBits (LdBits), .DbgBits (DbgBits)) u_plasticity (
      .clk_i, .rst_ni, .en_i, .clear_i, .swap_i, .neuron_done_i (neuron_done), .spike_i (spike),
      .spike_idx_i (wb_idx), .cfg_neurons_i (cfg_neurons), .cfg_axons_i (cfg_axons), .cfg_groups_i (cfg_groups),
      .seed_we_i (pl_seed_we), .d_mask_i, .fault_sign_i (fault_sign),
      .group_we_i (pl_group_we), .rule_we_i (pl_rule_we), .colptr_we_i (pl_colptr_we), .column_we_i (pl_column_we),
      .elig_we_i (pl_elig_we), .learn_we_i (pl_learn_we), .ld_addr_i, .ld_data_i,
      .desc_sel_o (pl_desc_sel), .desc_axon_o (pl_desc_axon), .desc_i (desc), .ev_axon_o (pl_ev_axon), .ev_i (pl_ev),
      .syn_sel_o (pl_syn_sel), .syn_raddr_o (pl_syn_raddr), .syn_rdata_i (syn_rdata), .syn_we_o (pl_syn_we),
      .syn_waddr_o (pl_syn_waddr), .syn_wdata_o (pl_syn_wdata),
      .v_idx_o (pl_v_idx), .v_i (signed'(dbg_state[nmx_pkg::StVLsb +: nmx_pkg::StateBits])),
      .p_i (dbg_prob),
      .active_o (pl_active), .done_o (pl_done),
      .dbg_sel_i (dbg_pl_sel_i), .dbg_addr_i (dbg_pl_addr_i), .dbg_o (dbg_pl_o)
    );
  end else begin : g_no_plastic
    assign pl_desc_sel  = 1'b0;
    assign pl_desc_axon = '0;
    assign pl_ev_axon   = '0;
    assign pl_syn_sel   = 1'b0;
    assign pl_syn_raddr = '0;
    assign pl_syn_we    = '0;
    assign pl_syn_waddr = '0;
    assign pl_syn_wdata = '0;
    assign pl_v_idx     = '0;
    assign pl_active    = 1'b0;
    assign pl_done      = neuron_done;
    assign dbg_pl_o     = '0;
    // Not traced: a traced signal is computed by the simulation even though nothing reads it.
    /* verilator tracing_off */
    logic unused_pl;
    assign unused_pl = ^{desc, pl_ev, syn_rdata, cfg_groups, pl_seed_we, fault_sign, pl_group_we, pl_rule_we,
                         pl_colptr_we, pl_column_we, pl_elig_we, pl_learn_we, dbg_pl_sel_i, dbg_pl_addr_i, dbg_prob};
    /* verilator tracing_on */
  end

  nmx_route_engine #(.Ids (N), .Routes (Routes), .CoreW (CoreW)) u_route (
    .clk_i, .rst_ni, .en_i, .clear_i,
    .push_i     (spike),
    .push_id_i  (wb_idx),
    .ld_ptr_i   (route_ptr_we),
    .ld_route_i (route_we),
    .ld_addr_i  (ld_addr_i),
    .ld_data_i  (ld_data_i[nmx_pkg::RpHiLsb + nmx_pkg::RpBits - 1:0]),
    .rq_valid_o, .rq_core_o, .rq_axon_o, .rq_grant_i,
    .idle_o     (re_idle_o)
  );

  // ---- phase 4: the mode unit, after the plasticity phase (only when configured) ---------
  if (Modes > 0) begin : g_mode
    nmx_mode_unit #(.N (N), .Modes (Modes)) u_mode (
      .clk_i, .rst_ni, .en_i, .clear_i, .swap_i, .start_i (pl_done), .cfg_neurons_i (cfg_neurons),
      .spike_i (spike), .spike_idx_i (wb_idx),
      .ld_valid_i, .ld_mem_i, .ld_addr_i, .ld_data_i (ld_data_i[nmx_pkg::McBits-1:0]),
      .feed_valid_o (mode_valid), .feed_idx_o (mode_idx), .feed_w_o (mode_w),
      .feed_valid_d_o (mode_valid_d), .feed_idx_d_o (mode_idx_d),
      .active_o (mode_active), .done_o (mode_done),
      .dbg_idx_i (NW'(dbg_neuron_i)), .dbg_rate_o, .dbg_mode_i (dbg_mode_i[(Modes > 1 ? $clog2(Modes) : 1)-1:0]), .dbg_m_o
    );
  end else begin : g_no_mode
    assign mode_valid   = 1'b0;
    assign mode_valid_d = 1'b0;
    assign mode_idx     = '0;
    assign mode_idx_d   = '0;
    assign mode_w       = '0;
    assign mode_active  = 1'b0;
    assign mode_done    = pl_done;
    assign dbg_rate_o   = '0;
    assign dbg_m_o      = '0;
  end

  // The mode unit's feedback rides lane 0 into the ring (any bank: the lane crossbar).
  always_comb begin
    ring_valid   = lane_valid;
    ring_post    = lane_post;
    ring_slot    = lane_slot;
    ring_w       = lane_w;
    ring_valid_d = lane_valid_d;
    ring_post_d  = lane_post_d;
    ring_slot_d  = lane_slot_d;
    if (mode_valid) begin
      ring_valid[0]                     = 1'b1;
      ring_post[0 +: NW]                = mode_idx;
      ring_slot[0 +: DW]                = slot_next;
      ring_w[0 +: nmx_pkg::StateBits]   = mode_w;
    end
    if (mode_valid_d) begin
      ring_valid_d[0]    = 1'b1;
      ring_post_d[0 +: NW] = mode_idx_d;
      ring_slot_d[0 +: DW] = slot_next;
    end
  end

  assign done_o         = mode_done;
  assign phase_o        = synaptic ? nmx_pkg::PhaseSynaptic : neuron_active ? nmx_pkg::PhaseNeuron
                        : pl_active ? nmx_pkg::PhasePlastic : mode_active ? nmx_pkg::PhaseMode : nmx_pkg::PhaseIdle;
  assign spike_o        = spike;
  assign spike_neuron_o = nmx_pkg::SynPostBits'(wb_idx);
  assign dbg_u_o    = signed'(dbg_state[nmx_pkg::StULsb +: nmx_pkg::StateBits]);  // one clock after dbg_neuron_i, outside the neuron phase
  assign dbg_v_o    = signed'(dbg_state[nmx_pkg::StVLsb +: nmx_pkg::StateBits]);
  assign dbg_ref_o  = dbg_state[nmx_pkg::StRefLsb +: nmx_pkg::RefracBits];
  assign dbg_lfsr_o = dbg_state[nmx_pkg::StLfsrLsb +: nmx_pkg::LfsrBits];

  logic unused;
  assign unused = ^{ld_addr_i, ld_data_i, dbg_neuron_i, dbg_mode_i};
endmodule
