// Route engine (docs/cycle-model.md): a queue of spikes (neuron ids) and the routing
// table. A spike visible in the queue in cycle x is loaded (its route range read) in x at
// the earliest and its events are offered one per cycle from x + 1; a spike with no
// routes spends one cycle. The next spike loads in the cycle of the previous one's last
// grant, so back-to-back spikes offer without a gap. Used by every core and by the host
// port.
module nmx_route_engine
#(
  parameter int unsigned Ids    = 256,   // neurons this engine routes for
  parameter int unsigned Routes = 4096,  // routing table entries
  parameter int unsigned CoreW  = 5
) (
  input  logic                      clk_i,
  input  logic                      en_i,     // chip running (frozen otherwise)
  input  logic                      clear_i,  // sample reset: queue emptied
  // queue input (pushes happen whether running or not: the host loads while frozen)
  input  logic                      push_i,
  input  logic [$clog2(Ids)-1:0]    push_id_i,
  // routing table load
  input  logic                      ld_ptr_i,
  input  logic                      ld_route_i,
  input  logic [15:0]               ld_addr_i,
  input  logic [31:0]               ld_data_i,
  // request to the router
  output logic                      rq_valid_o,
  output logic [CoreW-1:0]          rq_core_o,
  output logic [15:0]               rq_axon_o,
  input  logic                      rq_grant_i,
  output logic                      idle_o
);

  localparam int unsigned IdW = $clog2(Ids);
  localparam int unsigned RW  = $clog2(Routes);

  logic [15:0]       ptr_lo_mem [Ids];
  logic [15:0]       ptr_hi_mem [Ids];
  logic [CoreW-1:0]  route_core_mem [Routes];
  logic [15:0]       route_axon_mem [Routes];
  logic [IdW-1:0]    queue_mem [Ids];

  logic [IdW:0]  wr_q, rd_q, rd_d;
  logic          loaded_q, loaded_d;
  logic [15:0]   r_q, r_d, hi_q, hi_d;
  logic          queue_empty, final_cycle;
  logic [IdW-1:0] head;

  assign queue_empty = wr_q == rd_q;
  assign head        = queue_mem[rd_q[IdW-1:0]];

  // The request depends on registers only: the grant never loops back into it.
  assign rq_valid_o = loaded_q && (r_q != hi_q);
  assign rq_core_o  = route_core_mem[r_q[RW-1:0]];
  assign rq_axon_o  = route_axon_mem[r_q[RW-1:0]];

  always_comb begin
    // The loaded spike's last cycle: no routes, or its last route granted.
    final_cycle = loaded_q && ((r_q == hi_q) || (rq_grant_i && (r_q + 16'd1 == hi_q)));

    loaded_d = loaded_q;
    r_d      = (rq_valid_o && rq_grant_i) ? r_q + 16'd1 : r_q;
    hi_d     = hi_q;
    rd_d     = rd_q;
    if (!loaded_q || final_cycle) begin
      loaded_d = !queue_empty;
      if (!queue_empty) begin
        rd_d = rd_q + 1'b1;
        r_d  = ptr_lo_mem[head];
        hi_d = ptr_hi_mem[head];
      end
    end
  end

  assign idle_o = !loaded_q && queue_empty;

  always_ff @(posedge clk_i) begin
    if (clear_i) begin
      wr_q     <= '0;
      rd_q     <= '0;
      loaded_q <= 1'b0;
      r_q      <= '0;
      hi_q     <= '0;
    end else begin
      if (push_i) begin
        queue_mem[wr_q[IdW-1:0]] <= push_id_i;
        wr_q <= wr_q + 1'b1;
      end
      if (en_i) begin
        loaded_q <= loaded_d;
        r_q      <= r_d;
        hi_q     <= hi_d;
        rd_q     <= rd_d;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (ld_ptr_i) begin
      ptr_lo_mem[ld_addr_i[IdW-1:0]] <= ld_data_i[15:0];
      ptr_hi_mem[ld_addr_i[IdW-1:0]] <= ld_data_i[31:16];
    end
    if (ld_route_i) begin
      route_core_mem[ld_addr_i[RW-1:0]] <= ld_data_i[16+:CoreW];
      route_axon_mem[ld_addr_i[RW-1:0]] <= ld_data_i[15:0];
    end
  end

  logic unused;
  assign unused = ^{ld_addr_i, ld_data_i};  // upper bits beyond the table sizes

endmodule
