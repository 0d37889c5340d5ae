// The chip: cores, the host input port, the router and the timestep barrier.
//
// Host protocol (sim/l3 drives it; docs/formats.md "RTL memory image"):
//   - while run_i = 0 the chip is frozen: memories, the host queue and the chip
//     configuration are written through ld_*; clear_i, held for clear_cycles_o cycles,
//     resets all dynamic state (a sample starts: neuron state to seeds, buffers and rings
//     empty, cycle 0).
//   - run_i = 1 starts a request in the first running cycle: a timestep (req_compute_i = 1)
//     or the preload of step 0's inputs (0). The host queue streams in meanwhile. When
//     every core is done and the router is drained, the barrier takes BarrierCycles,
//     the event buffers swap, and busy_o falls: the host drops run_i before the next edge.
// Cycle numbers count running cycles only, so loading never disturbs timing.
module nmx_chip
#(
  parameter int unsigned Cores      = 20,
  parameter int unsigned N          = 256,
  parameter int unsigned A          = 1024,
  parameter int unsigned DMax       = 64,
  parameter int unsigned Lanes      = 8,
  parameter int unsigned SynWords   = 32768,
  parameter int unsigned Routes     = 8192,
  parameter int unsigned HostIds    = 1024,
  parameter int unsigned HostRoutes = 8192,
  parameter bit          FaultsEnabled = 1'b0  // test only: the simulation build enables fault_i
) (
  input  logic                clk_i,
  input  logic                clear_i,
  input  logic                run_i,
  input  logic                req_compute_i,
  input  logic [1:0]          fault_i,       // test only: 0 none, 1 every delay + 1, 2 decay rounding off by one
  output logic                busy_o,
  output logic [15:0]         clear_cycles_o,  // hold clear_i this long: the cores sweep their memories
  // memory image load
  input  logic                ld_valid_i,
  input  logic [7:0]          ld_core_i,     // 0..Cores-1, or 8'hFF for the host port and chip
  input  logic [3:0]          ld_mem_i,
  input  logic [19:0]         ld_addr_i,
  input  logic [255:0]        ld_data_i,
  // observation
  output logic [31:0]         cycle_o,
  output logic [Cores-1:0]    spike_o,
  output logic [Cores*12-1:0] spike_neuron_o,
  output logic [Cores*2-1:0]  phase_o,
  output logic [Cores:0]      stall_o,       // source refused by the router this cycle (host: bit Cores)
  // state read-back
  input  logic [7:0]          dbg_core_i,
  input  logic [11:0]         dbg_neuron_i,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_u_o,
  output logic signed [nmx_pkg::StateBits-1:0] dbg_v_o,
  output logic [nmx_pkg::RefracBits-1:0] dbg_ref_o,
  output logic [nmx_pkg::LfsrBits-1:0]   dbg_lfsr_o
);

  localparam int unsigned CoreW = $clog2(Cores + 1);

  // Run until every core is done and the router drained, then Bar for the rest of the
  // barrier (the cycle that saw all idle is the barrier's first).
  typedef enum logic [1:0] {Idle, Run, Bar} ctl_e;
  if (nmx_pkg::BarrierCycles != 2) begin : g_barrier_check
    $error("nmx_chip: the controller implements a 2-cycle barrier");
  end

  ctl_e        state_q, state_d, st;
  logic        compute_q, compute_d;
  logic [31:0] cycle_q;
  logic [CoreW-1:0] rot_q, rot_d;
  // chip configuration (LdConfig to the host address): {latency[5:0], cores[CoreW-1:0], d_mask[5:0]}
  logic [5:0]  d_mask_q, latency_q;
  logic [CoreW-1:0] active_q;

  logic en;
  assign en = run_i;

  // ---- cores ---------------------------------------------------------------------------
  logic core_done [Cores], core_re_idle [Cores];
  logic rq_valid [Cores+1], rq_grant [Cores+1];
  logic [CoreW-1:0] rq_core [Cores+1];
  logic [15:0] rq_axon [Cores+1];
  logic ev_valid [Cores];
  logic [15:0] ev_axon [Cores];
  logic signed [nmx_pkg::StateBits-1:0] dbg_u [Cores], dbg_v [Cores];
  logic [nmx_pkg::RefracBits-1:0] dbg_ref [Cores];
  logic [nmx_pkg::LfsrBits-1:0] dbg_lfsr [Cores];
  logic start, swap;

  assign st    = (state_q == Idle && run_i) ? Run : state_q;
  assign start = state_q == Idle && run_i && req_compute_i;
  assign swap  = state_q == Bar;

  for (genvar c = 0; c < Cores; c++) begin : g_core
    nmx_core #(.N (N), .A (A), .DMax (DMax), .Lanes (Lanes), .SynWords (SynWords), .Routes (Routes),
               .CoreW (CoreW), .FaultsEnabled (FaultsEnabled)) u_core (
      .clk_i, .en_i (en), .clear_i,
      .start_i (start && 5'(c) < 5'(active_q)), .swap_i (swap), .tick_i (compute_q), .d_mask_i (d_mask_q), .fault_i,
      .ev_valid_i (ev_valid[c]), .ev_axon_i (ev_axon[c]),
      .rq_valid_o (rq_valid[c]), .rq_core_o (rq_core[c]), .rq_axon_o (rq_axon[c]), .rq_grant_i (rq_grant[c]),
      .done_o (core_done[c]), .re_idle_o (core_re_idle[c]),
      .phase_o (phase_o[c*2+:2]), .spike_o (spike_o[c]), .spike_neuron_o (spike_neuron_o[c*12+:12]),
      .ld_valid_i (ld_valid_i && ld_core_i == 8'(c)), .ld_mem_i (nmx_pkg::ld_mem_e'(ld_mem_i)), .ld_addr_i, .ld_data_i,
      .dbg_neuron_i, .dbg_u_o (dbg_u[c]), .dbg_v_o (dbg_v[c]), .dbg_ref_o (dbg_ref[c]), .dbg_lfsr_o (dbg_lfsr[c])
    );
  end

  // ---- host port: input spikes of the next step, through its own route engine ------------
  logic host_idle;
  logic host_ld;
  assign host_ld = ld_valid_i && ld_core_i == 8'hFF;

  nmx_route_engine #(.Ids (HostIds), .Routes (HostRoutes), .CoreW (CoreW)) u_host (
    .clk_i, .en_i (en), .clear_i,
    .push_i     (host_ld && ld_mem_i == nmx_pkg::LdHostSpike),
    .push_id_i  (ld_data_i[$clog2(HostIds)-1:0]),
    .ld_ptr_i   (host_ld && ld_mem_i == nmx_pkg::LdRoutePtr),
    .ld_route_i (host_ld && ld_mem_i == nmx_pkg::LdRoute),
    .ld_addr_i  (ld_addr_i[15:0]),
    .ld_data_i  (ld_data_i[31:0]),
    .rq_valid_o (rq_valid[Cores]), .rq_core_o (rq_core[Cores]), .rq_axon_o (rq_axon[Cores]),
    .rq_grant_i (rq_grant[Cores]),
    .idle_o     (host_idle)
  );

  // ---- router ------------------------------------------------------------------------------
  logic router_idle;
  nmx_router #(.Cores (Cores), .CoreW (CoreW)) u_router (
    .clk_i, .en_i (en), .clear_i,
    .sources_i (active_q + 1'b1), .host_i (active_q), .latency_i (latency_q),
    .cycle_i (cycle_q), .rot_i (rot_q),
    .rq_valid_i (rq_valid), .rq_core_i (rq_core), .rq_axon_i (rq_axon), .rq_grant_o (rq_grant),
    .ev_valid_o (ev_valid), .ev_axon_o (ev_axon), .idle_o (router_idle)
  );

  // ---- barrier -------------------------------------------------------------------------------
  logic all_idle;
  always_comb begin
    all_idle = router_idle && host_idle;
    for (int c = 0; c < Cores; c++) begin
      if (!core_re_idle[c]) all_idle = 1'b0;
      if (compute_d && 5'(c) < 5'(active_q) && !core_done[c]) all_idle = 1'b0;
    end
    for (int s = 0; s <= Cores; s++) stall_o[s] = en && rq_valid[s] && !rq_grant[s];
  end

  always_comb begin
    state_d   = st;
    compute_d = (state_q == Idle) ? req_compute_i : compute_q;
    rot_d     = (rot_q == active_q) ? '0 : rot_q + 1'b1;
    unique case (st)
      Run:     if (all_idle) state_d = Bar;
      Bar:     state_d = Idle;
      default: ;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (clear_i) begin
      state_q   <= Idle;
      compute_q <= 1'b0;
      cycle_q   <= '0;
      rot_q     <= '0;
    end else if (en) begin
      state_q   <= state_d;
      compute_q <= compute_d;
      cycle_q   <= cycle_q + 1'b1;
      rot_q     <= rot_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (host_ld && ld_mem_i == nmx_pkg::LdConfig) begin
      d_mask_q  <= ld_data_i[5:0];
      active_q  <= ld_data_i[6+:CoreW];
      latency_q <= ld_data_i[16+:6];
    end
  end

  logic unused;
  assign unused = ^{dbg_core_i};

  localparam int unsigned ClearCycles = DMax * N / Lanes > N ? DMax * N / Lanes : N;
  assign clear_cycles_o = 16'(ClearCycles);
  assign busy_o  = state_q != Idle;
  assign cycle_o = cycle_q;
  assign dbg_u_o    = dbg_u[dbg_core_i[CoreW-1:0]];
  assign dbg_v_o    = dbg_v[dbg_core_i[CoreW-1:0]];
  assign dbg_ref_o  = dbg_ref[dbg_core_i[CoreW-1:0]];
  assign dbg_lfsr_o = dbg_lfsr[dbg_core_i[CoreW-1:0]];

endmodule
