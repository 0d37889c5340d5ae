// Route engine (docs/cycle-model.md): a queue of spikes (neuron ids) and the routing
// table. A spike visible in the queue in cycle x is loaded (its route range read) in x at
// the earliest and its events are offered one per cycle from x + 1; a spike with no
// routes spends one cycle. The next spike loads in the cycle of the previous one's last
// grant, so back-to-back spikes offer without a gap. Used by every core and by the host
// port.
// Every memory reads synchronously: a pushed id's route range {hi, lo} is read in its push
// cycle, so the cycle after holds it in the pointer table's read register (the pending
// entry); the queue stores ranges, not ids. A spike is loaded from the queue's head (read
// a cycle early, with the next read pointer) or, when the queue is empty, straight from the
// pending entry; a pending entry not loaded is written at the queue's tail.
module nmx_route_engine
#(
  parameter int unsigned Ids    = 256,   // neurons this engine routes for
  parameter int unsigned Routes = 4096,  // routing table entries
  parameter int unsigned CoreW  = 5,
  localparam int unsigned IdW   = Ids > 1 ? $clog2(Ids) : 1
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,
  input  logic                                  en_i,     // chip running (frozen otherwise)
  input  logic                                  clear_i,  // sample reset: queue emptied
  // queue input (pushes happen whether running or not: the host loads while frozen)
  input  logic                                  push_i,
  input  logic [IdW-1:0]                        push_id_i,
  // routing table load: LdRoutePtr {hi, lo}, LdRoute {core, axon}
  input  logic                                  ld_ptr_i,
  input  logic                                  ld_route_i,
  input  logic [nmx_pkg::LdAddrBits-1:0]        ld_addr_i,
  input  logic [nmx_pkg::RpHiLsb+nmx_pkg::RpBits-1:0] ld_data_i,
  // request to the router
  output logic                                  rq_valid_o,
  output logic [CoreW-1:0]                      rq_core_o,
  output logic [nmx_pkg::AxonIdBits-1:0]        rq_axon_o,
  input  logic                                  rq_grant_i,
  output logic                                  idle_o
);

  localparam int unsigned RW = Routes > 1 ? $clog2(Routes) : 1;
  localparam int unsigned RB = nmx_pkg::RpBits;
  localparam int unsigned RouteBits = CoreW + nmx_pkg::AxonIdBits;

  logic [IdW:0]       wr_q, wr_d, rd_q, rd_d;
  logic               loaded_q, loaded_d;
  logic [RB-1:0]      r_q, r_d, hi_q, hi_d;
  logic               pend_q, pend_d;  // the id pushed last cycle: its range is in `pend`
  logic               byp_q, byp_d;    // the head was written in the cycle it was read
  logic [2*RB-1:0]    byp_data_q;
  logic               queue_empty, final_cycle, take, take_pend, q_we;
  logic [2*RB-1:0]    pend, head_rd, head, entry;  // {hi, lo}
  logic [RouteBits-1:0] route;    // {core, axon} of entry r
  logic [RouteBits-1:0] route_wdata;

  assign queue_empty = wr_q == rd_q;
  assign route_wdata = {ld_data_i[nmx_pkg::RtCoreLsb +: CoreW], ld_data_i[nmx_pkg::RtAxonLsb +: nmx_pkg::AxonIdBits]};

  // The pointer table, read with the id being pushed.
  nmx_sram #(.Width (2 * RB), .Depth (Ids)) u_ptr_mem (
    .clk_i, .we_i (ld_ptr_i), .waddr_i (IdW'(ld_addr_i)),
    .wdata_i ({ld_data_i[nmx_pkg::RpHiLsb +: RB], ld_data_i[nmx_pkg::RpLoLsb +: RB]}),
    .re_i (push_i), .raddr_i (push_id_i), .rdata_o (pend)
  );
  // The queue of ranges, read with the next read pointer every cycle: its read register is
  // the head; an entry written to that address in the same cycle comes from a bypass register.
  assign q_we = pend_q && !take_pend && !clear_i;
  nmx_sram #(.Width (2 * RB), .Depth (Ids)) u_queue (
    .clk_i, .we_i (q_we), .waddr_i (wr_q[IdW-1:0]), .wdata_i (pend),
    .re_i (1'b1), .raddr_i (rd_d[IdW-1:0]), .rdata_o (head_rd)
  );
  assign byp_d = q_we && wr_q[IdW-1:0] == rd_d[IdW-1:0];
  always_ff @(posedge clk_i) byp_data_q <= pend;
  assign head  = byp_q ? byp_data_q : head_rd;
  assign entry = queue_empty ? pend : head;  // the oldest spike waiting
  // Read with r's next value, every cycle: the macro's read register holds route r_q.
  nmx_sram #(.Width (RouteBits), .Depth (Routes)) u_route_mem (
    .clk_i, .we_i (ld_route_i), .waddr_i (RW'(ld_addr_i)), .wdata_i (route_wdata), .re_i (1'b1),
    .raddr_i (r_d[RW-1:0]), .rdata_o (route)
  );

  // The request depends on registers only: the grant never loops back into it.
  assign rq_valid_o = loaded_q && (r_q != hi_q);
  assign rq_core_o  = route[nmx_pkg::AxonIdBits +: CoreW];
  assign rq_axon_o  = route[nmx_pkg::AxonIdBits-1:0];

  always_comb begin
    // The loaded spike's last cycle: no routes, or its last route granted.
    final_cycle = loaded_q && ((r_q == hi_q) || (rq_grant_i && (r_q + 1'b1 == hi_q)));

    // a spike is loaded when the engine is free and one waits (never while frozen)
    take      = en_i && (!loaded_q || final_cycle) && (!queue_empty || pend_q);
    take_pend = take && queue_empty;

    pend_d   = push_i;
    wr_d     = q_we ? wr_q + 1'b1 : wr_q;
    loaded_d = loaded_q;
    r_d      = (rq_valid_o && rq_grant_i) ? r_q + 1'b1 : r_q;
    hi_d     = hi_q;
    rd_d     = rd_q;
    if (en_i && (!loaded_q || final_cycle)) loaded_d = take;
    if (take) begin
      if (!queue_empty) rd_d = rd_q + 1'b1;
      r_d  = entry[RB-1:0];
      hi_d = entry[2*RB-1:RB];
    end
    if (!en_i) begin  // frozen: only the host's pushes
      r_d      = r_q;
      hi_d     = hi_q;
    end
    if (clear_i) begin
      pend_d   = 1'b0;
      wr_d     = '0;
      rd_d     = '0;
      loaded_d = 1'b0;
      r_d      = '0;
      hi_d     = '0;
    end
  end

  assign idle_o = !loaded_q && queue_empty && !pend_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q     <= '0;
      rd_q     <= '0;
      loaded_q <= 1'b0;
      r_q      <= '0;
      hi_q     <= '0;
      pend_q   <= 1'b0;
      byp_q    <= 1'b0;
    end else begin
      wr_q     <= wr_d;
      rd_q     <= rd_d;
      loaded_q <= loaded_d;
      r_q      <= r_d;
      hi_q     <= hi_d;
      pend_q   <= pend_d;
      byp_q    <= byp_d;
    end
  end

  logic unused;
  assign unused = ^{ld_addr_i, ld_data_i};  // upper bits beyond the table sizes
endmodule
