// The chip: cores, the host input port, the router and the timestep barrier.
//
// Host protocol (sim/l3 drives it; docs/formats.md "RTL memory image"):
//   - rst_ni low (asynchronous) resets control and configuration state; the host pulses it
//     once before loading.
//   - run_i, req_compute_i, clear_i and fault_i are sampled at the clock edge (no logic
//     depends on them combinationally).
//   - while no request runs the chip is frozen: memories, the host queue and the chip
//     configuration are written through ld_*; clear_i, high at clear_cycles_o + 1 edges and
//     then low at one edge before anything else, resets all dynamic state (a sample
//     starts: neuron state to seeds, buffers and rings empty, cycle 0).
//   - run_i = 1 at an edge of an idle chip starts a request, which runs from the next
//     cycle: a timestep (req_compute_i = 1, sampled with it) or the preload of step 0's
//     inputs (0); busy_o is high from that edge. When every core is done and the router is
//     drained, the barrier takes BarrierCycles, the event buffers swap, and busy_o falls at
//     the edge that ends the request: the host drops run_i before the next edge (run_i
//     still high there starts the next request).
// Cycle numbers count running cycles only, so loading never disturbs timing.
// A core the configuration does not activate (index >= active cores) is idle for the whole
// run: nmx_clock_gate stops its clock except while the host loads it, which saves its
// power in silicon and its evaluation in the Verilated model. A chip built for one network
// activates every core it has: ClockGates = 0 leaves the gates out, and every core runs on
// clk_i (the same behaviour, one clock domain instead of Cores + 1 for a simulator).
//
// The core module is `NMX_CORE (default nmx_core): `nmx check --rtl` Verilates this chip
// around a user's core of the same interface (docs/core-interface.md).
`ifndef NMX_CORE
`define NMX_CORE nmx_core
`endif
module nmx_chip
#(
  parameter int unsigned Cores      = 20,   // 1..40 lint-checked (tests/rtl/configurations.txt); ld_core_i addresses up to 254
  parameter int unsigned N          = 256,
  parameter int unsigned A          = 1024,
  parameter int unsigned DMax       = 64,
  parameter int unsigned Lanes      = 8,
  parameter int unsigned SynWords   = 32768,
  parameter int unsigned TernWords  = 32768,  // packed ternary memory words (dense ternary rows)
  parameter int unsigned Routes     = 8192,
  parameter int unsigned HostIds    = 1024,
  parameter int unsigned HostRoutes = 8192,
  parameter int unsigned Plasticity = 0,    // 1: every core has the plasticity unit (core.plasticity)
  parameter int unsigned ColEntries = 8192,   // a core's column table entries
  parameter bit          FaultsEnabled = 1'b0,  // test only: the simulation build enables fault_i
  parameter int unsigned Modes      = 0,    // every core's mode unit: most modes P (0: none)
  parameter bit          ClockGates = 1'b1, // 0: no per-core clock gate (a chip whose image activates every core)
  parameter int unsigned LdBits     = nmx_pkg::LaneStride * (Lanes > 2 ? Lanes : 2),
  parameter int unsigned DbgBits    = LdBits > nmx_pkg::PlDbgYBits ? LdBits : nmx_pkg::PlDbgYBits
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 clear_i,
  input  logic                                 run_i,
  input  logic                                 req_compute_i,
  input  logic [nmx_pkg::FaultBits-1:0]       fault_i,       // test only: 0 none, 1 every delay + 1, 2 decay rounding off by one, 3 rule terms unsigned
  output logic                                 busy_o,
  output logic [nmx_pkg::ClearCntBits-1:0]    clear_cycles_o,  // hold clear_i this long: the cores sweep their memories
  // memory image load
  input  logic                                 ld_valid_i,
  input  logic [nmx_pkg::LdCoreBits-1:0]       ld_core_i,     // 0..Cores-1, or HostCore for the host port and chip
  input  nmx_pkg::ld_mem_e                     ld_mem_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]       ld_addr_i,
  input  logic [LdBits-1:0]                    ld_data_i,
  // observation
  output logic [nmx_pkg::CycleBits-1:0]       cycle_o,
  output logic [Cores-1:0]                     spike_o,
  output logic [Cores*nmx_pkg::SynPostBits-1:0] spike_neuron_o,
  output logic [Cores*nmx_pkg::PhaseBits-1:0] phase_o,
  output logic [Cores:0]                       stall_o,       // source refused by the router this cycle (host: bit Cores)
  // state read-back
  input  logic [nmx_pkg::LdCoreBits-1:0]       dbg_core_i,
  input  logic [nmx_pkg::SynPostBits-1:0]      dbg_neuron_i,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_u_o,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_v_o,
  output logic [nmx_pkg::RefracBits-1:0]       dbg_ref_o,
  output logic [nmx_pkg::LfsrBits-1:0]         dbg_lfsr_o,
  // plasticity read-back of core dbg_core_i (rtl/nmx_plasticity.sv), one clock after the address
  // (every read-back shows the core dbg_core_i held at the last edge)
  input  nmx_pkg::pl_dbg_e                     dbg_pl_sel_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]       dbg_pl_addr_i,
  output logic [DbgBits-1:0]                   dbg_pl_o,
  // mode unit read-back of core dbg_core_i: m of dbg_mode_i (after an edge that sampled the core),
  // r of dbg_neuron_i one clock later
  input  logic [nmx_pkg::ModeCntBits-2:0]      dbg_mode_i,
  output logic [nmx_pkg::TraceBits-1:0]        dbg_rate_o,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_m_o
);

  localparam int unsigned CoreW  = $clog2(Cores + 1);           // 0..Cores (the host is source Cores)
  localparam int unsigned CoreIW = Cores > 1 ? $clog2(Cores) : 1;  // 0..Cores-1
  localparam int unsigned XB     = nmx_pkg::AxonIdBits;
  localparam int unsigned SB     = nmx_pkg::StateBits;
  localparam int unsigned Rows   = (N + Lanes - 1) / Lanes;
  localparam int unsigned ClearRing = DMax * Rows > N ? DMax * Rows : N;
  localparam int unsigned ClearCycles = (Plasticity != 0 && A > ClearRing) ? A : ClearRing;  // x traces: A words

  // Run until every core is done and the router drained, then Bar for the rest of the
  // barrier (the cycle that saw all idle is the barrier's first).
  typedef enum logic [1:0] {Idle, Run, Bar} ctl_e;
  if (nmx_pkg::BarrierCycles != 2) begin : g_barrier_check
    $error("nmx_chip: the controller implements a 2-cycle barrier");
  end

  // ---- control and configuration --------------------------------------------------------
  ctl_e                              state_q, state_d;
  logic                              compute_q, compute_d;
  logic [nmx_pkg::CycleBits-1:0]     cycle_q, cycle_d;
  logic [CoreW-1:0]                  rot_q, rot_d;
  logic [nmx_pkg::DelayBits-1:0]     d_mask_q, d_mask_d;
  logic [CoreW-1:0]                  active_q, active_d;
  logic [nmx_pkg::LatencyBits-1:0]   latency_q, latency_d;
  logic                              en, swap, host_ld, cfg_we, all_idle, host_idle, router_idle;
  // The host's controls, sampled at the clock edge: no logic of the chip depends
  // combinationally on run_i, clear_i or fault_i (which also spares a simulator from
  // re-evaluating the cores whenever it is called).
  logic                              start_q, start_d;   // the first cycle of a compute step
  logic                              clear_q;
  logic [nmx_pkg::FaultBits-1:0]     fault_q;
  // The read-back's core, sampled at the edge with the cores' read addresses: the outputs
  // select among registers only (no multiplexer follows dbg_core_i between edges).
  logic [CoreIW-1:0]                 dbg_core_q;

  // ---- cores -----------------------------------------------------------------------------
  logic [Cores-1:0]                  core_done, core_re_idle, core_active, core_clk;
  logic [Cores:0]                    rq_valid, rq_grant;
  logic [(Cores+1)*CoreW-1:0]        rq_core;
  logic [(Cores+1)*XB-1:0]           rq_axon;
  logic [Cores-1:0]                  ev_valid;
  logic [Cores*XB-1:0]               ev_axon;
  logic [Cores*SB-1:0]               dbg_u, dbg_v;
  logic [Cores*nmx_pkg::RefracBits-1:0] dbg_ref;
  logic [Cores*nmx_pkg::LfsrBits-1:0]   dbg_lfsr;
  logic [Cores*DbgBits-1:0]          dbg_pl;
  logic [Cores*nmx_pkg::TraceBits-1:0] dbg_rate;
  logic [Cores*SB-1:0]               dbg_m;

  assign en      = state_q != Idle;  // a request runs (Run, then the barrier)
  assign swap    = state_q == Bar;
  assign host_ld = ld_valid_i && ld_core_i == nmx_pkg::HostCore;
  assign cfg_we  = host_ld && ld_mem_i == nmx_pkg::LdConfig;

  for (genvar c = 0; c < Cores; c++) begin : g_core
    assign core_active[c] = CoreW'(c) < active_q;
    // A core the image does not use is idle for the whole run: its clock is gated off (a
    // simulator then skips it too), except while the host loads it.
    if (ClockGates) begin : g_cg
      nmx_clock_gate u_core_cg (
        .clk_i, .en_i (core_active[c] || (ld_valid_i && ld_core_i == nmx_pkg::LdCoreBits'(c))), .clk_o (core_clk[c])
      );
    end else begin : g_no_cg
      assign core_clk[c] = clk_i;
    end
    `NMX_CORE #(.N (N), .A (A), .DMax (DMax), .Lanes (Lanes), .SynWords (SynWords), .TernWords (TernWords), .Routes (Routes),
               .CoreW (CoreW), .Plasticity (Plasticity != 0), .ColEntries (ColEntries), .FaultsEnabled (FaultsEnabled),
               .Modes (Modes), .LdBits (LdBits), .DbgBits (DbgBits)) u_core (
      .clk_i (core_clk[c]), .rst_ni, .en_i (en), .clear_i (clear_q),
      .start_i (start_q && core_active[c]), .swap_i (swap), .tick_i (compute_q), .d_mask_i (d_mask_q),
      .fault_i (fault_q),
      .ev_valid_i (ev_valid[c]), .ev_axon_i (ev_axon[XB*c +: XB]),
      .rq_valid_o (rq_valid[c]), .rq_core_o (rq_core[CoreW*c +: CoreW]), .rq_axon_o (rq_axon[XB*c +: XB]),
      .rq_grant_i (rq_grant[c]),
      .done_o (core_done[c]), .re_idle_o (core_re_idle[c]),
      .phase_o (phase_o[c*nmx_pkg::PhaseBits +: nmx_pkg::PhaseBits]), .spike_o (spike_o[c]),
      .spike_neuron_o (spike_neuron_o[c*nmx_pkg::SynPostBits +: nmx_pkg::SynPostBits]),
      .ld_valid_i (ld_valid_i && ld_core_i == nmx_pkg::LdCoreBits'(c)), .ld_mem_i,
      .ld_addr_i, .ld_data_i,
      .dbg_neuron_i, .dbg_u_o (dbg_u[SB*c +: SB]), .dbg_v_o (dbg_v[SB*c +: SB]),
      .dbg_ref_o (dbg_ref[nmx_pkg::RefracBits*c +: nmx_pkg::RefracBits]),
      .dbg_lfsr_o (dbg_lfsr[nmx_pkg::LfsrBits*c +: nmx_pkg::LfsrBits]),
      .dbg_pl_sel_i, .dbg_pl_addr_i, .dbg_pl_o (dbg_pl[DbgBits*c +: DbgBits]),
      .dbg_mode_i, .dbg_rate_o (dbg_rate[nmx_pkg::TraceBits*c +: nmx_pkg::TraceBits]), .dbg_m_o (dbg_m[SB*c +: SB])
    );
  end

  // ---- host port: input spikes of the next step, through its own route engine ------------
  nmx_route_engine #(.Ids (HostIds), .Routes (HostRoutes), .CoreW (CoreW)) u_host (
    .clk_i, .rst_ni, .en_i (en), .clear_i (clear_q),
    .push_i     (host_ld && ld_mem_i == nmx_pkg::LdHostSpike),
    .push_id_i  (ld_data_i[(HostIds > 1 ? $clog2(HostIds) : 1)-1:0]),
    .ld_ptr_i   (host_ld && ld_mem_i == nmx_pkg::LdRoutePtr),
    .ld_route_i (host_ld && ld_mem_i == nmx_pkg::LdRoute),
    .ld_addr_i,
    .ld_data_i  (ld_data_i[nmx_pkg::RpHiLsb + nmx_pkg::RpBits - 1:0]),
    .rq_valid_o (rq_valid[Cores]), .rq_core_o (rq_core[CoreW*Cores +: CoreW]), .rq_axon_o (rq_axon[XB*Cores +: XB]),
    .rq_grant_i (rq_grant[Cores]),
    .idle_o     (host_idle)
  );

  // ---- router ------------------------------------------------------------------------------
  nmx_router #(.Cores (Cores), .CoreW (CoreW)) u_router (
    .clk_i, .rst_ni, .en_i (en), .clear_i (clear_q),
    .sources_i (active_q + 1'b1), .host_i (active_q), .latency_i (latency_q),
    .cycle_i (cycle_q[nmx_pkg::ArrivalBits-1:0]), .rot_i (rot_q),
    .rq_valid_i (rq_valid), .rq_core_i (rq_core), .rq_axon_i (rq_axon), .rq_grant_o (rq_grant),
    .ev_valid_o (ev_valid), .ev_axon_o (ev_axon), .idle_o (router_idle)
  );

  // ---- barrier and next state -----------------------------------------------------------------
  assign all_idle = router_idle && host_idle && (&core_re_idle) && !(compute_d && |(core_active & ~core_done));
  assign stall_o  = en ? (rq_valid & ~rq_grant) : '0;

  always_comb begin
    state_d   = state_q;
    compute_d = compute_q;
    start_d   = 1'b0;
    cycle_d   = cycle_q;
    rot_d     = rot_q;
    unique case (state_q)
      Idle:    if (run_i) begin  // a request: it runs from the next cycle
        state_d   = Run;
        compute_d = req_compute_i;
        start_d   = req_compute_i;
      end
      Run:     if (all_idle) state_d = Bar;
      Bar:     state_d = Idle;
      default: ;
    endcase
    if (en) begin
      cycle_d = cycle_q + 1'b1;
      rot_d   = (rot_q == active_q) ? '0 : rot_q + 1'b1;
    end
    if (clear_q) begin
      state_d   = Idle;
      compute_d = 1'b0;
      start_d   = 1'b0;
      cycle_d   = '0;
      rot_d     = '0;
    end

    d_mask_d  = d_mask_q;
    active_d  = active_q;
    latency_d = latency_q;
    if (cfg_we) begin
      d_mask_d  = ld_data_i[nmx_pkg::ChMaskLsb +: nmx_pkg::DelayBits];
      active_d  = CoreW'(ld_data_i[nmx_pkg::ChCoresLsb +: nmx_pkg::LdCoreBits]);
      latency_d = ld_data_i[nmx_pkg::ChLatencyLsb +: nmx_pkg::LatencyBits];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= Idle;
      compute_q <= 1'b0;
      start_q   <= 1'b0;
      clear_q   <= 1'b0;
      fault_q   <= nmx_pkg::FaultNone;
      dbg_core_q <= '0;
      cycle_q   <= '0;
      rot_q     <= '0;
      d_mask_q  <= '0;
      active_q  <= '0;
      latency_q <= '0;
    end else begin
      state_q   <= state_d;
      compute_q <= compute_d;
      start_q   <= start_d;
      clear_q   <= clear_i;
      fault_q   <= fault_i;
      dbg_core_q <= CoreIW'(dbg_core_i);
      cycle_q   <= cycle_d;
      rot_q     <= rot_d;
      d_mask_q  <= d_mask_d;
      active_q  <= active_d;
      latency_q <= latency_d;
    end
  end

  assign clear_cycles_o = nmx_pkg::ClearCntBits'(ClearCycles);
  assign busy_o         = state_q != Idle;
  assign cycle_o        = cycle_q;
  assign dbg_u_o        = signed'(dbg_u[SB*dbg_core_q +: SB]);
  assign dbg_v_o        = signed'(dbg_v[SB*dbg_core_q +: SB]);
  assign dbg_ref_o      = dbg_ref[nmx_pkg::RefracBits*dbg_core_q +: nmx_pkg::RefracBits];
  assign dbg_lfsr_o     = dbg_lfsr[nmx_pkg::LfsrBits*dbg_core_q +: nmx_pkg::LfsrBits];
  assign dbg_pl_o       = dbg_pl[DbgBits*dbg_core_q +: DbgBits];
  assign dbg_rate_o     = dbg_rate[nmx_pkg::TraceBits*dbg_core_q +: nmx_pkg::TraceBits];
  assign dbg_m_o        = signed'(dbg_m[SB*dbg_core_q +: SB]);

  logic unused;
  assign unused = ^{dbg_core_i, ld_data_i};
endmodule
