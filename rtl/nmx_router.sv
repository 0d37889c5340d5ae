// AER router (docs/cycle-model.md): Sources = cores + host port offer at most one event
// per cycle each; every destination core accepts one event per cycle, granted in rotating
// priority (source `cycle mod S` first); a granted event is written into the
// destination's next-step event buffer latency_i cycles later. Per destination, a queue of
// (arrival cycle, axon) holds the events in flight: arrivals are in order because the
// latency is the same for every event.
module nmx_router
#(
  parameter int unsigned Cores  = 20,
  parameter int unsigned CoreW  = 5,
  parameter int unsigned Depth  = 32   // events in flight per destination (>= max latency)
) (
  input  logic                    clk_i,
  input  logic                    en_i,
  input  logic                    clear_i,
  input  logic [CoreW-1:0]        sources_i,   // S = active cores + 1 (the host is source S-1)
  input  logic [CoreW-1:0]        host_i,      // index of the host source, S - 1
  input  logic [5:0]              latency_i,   // 1 + (mesh_x - 1) + (mesh_y - 1)
  input  logic [31:0]             cycle_i,     // running cycles since the sample started
  input  logic [CoreW-1:0]        rot_i,       // cycle mod S
  // requests, one per source (host in slot Cores)
  input  logic                    rq_valid_i [Cores+1],
  input  logic [CoreW-1:0]        rq_core_i  [Cores+1],
  input  logic [15:0]             rq_axon_i  [Cores+1],
  output logic                    rq_grant_o [Cores+1],
  // deliveries, one per destination core
  output logic                    ev_valid_o [Cores],
  output logic [15:0]             ev_axon_o  [Cores],
  output logic                    idle_o
);

  localparam int unsigned QW = $clog2(Depth);

  logic [31:0] q_arrive [Cores][Depth];
  logic [15:0] q_axon   [Cores][Depth];
  logic [QW:0] q_wr_q [Cores], q_rd_q [Cores];

  // Source slot s of the request arrays: cores 0..Cores-1, then the host in slot Cores;
  // in rotation order the host is source number host_i.
  function automatic logic [CoreW:0] position(input int unsigned slot, input logic [CoreW-1:0] rot,
                                              input logic [CoreW-1:0] s_count, input logic [CoreW-1:0] host);
    logic [CoreW:0] idx;
    idx = (slot == Cores) ? {1'b0, host} : (CoreW+1)'(slot);
    return (idx >= {1'b0, rot}) ? idx - {1'b0, rot} : idx + {1'b0, s_count} - {1'b0, rot};
  endfunction

  logic [CoreW:0] pos [Cores+1];
  always_comb begin
    for (int s = 0; s <= Cores; s++) pos[s] = position(s, rot_i, sources_i, host_i);
    // The first requester of each destination in rotation order wins.
    for (int s = 0; s <= Cores; s++) begin
      rq_grant_o[s] = rq_valid_i[s];
      for (int o = 0; o <= Cores; o++)
        if (o != s && rq_valid_i[o] && rq_core_i[o] == rq_core_i[s] && pos[o] < pos[s]) rq_grant_o[s] = 1'b0;
    end
    idle_o = 1'b1;
    for (int d = 0; d < Cores; d++) begin
      ev_valid_o[d] = (q_wr_q[d] != q_rd_q[d]) && (q_arrive[d][q_rd_q[d][QW-1:0]] == cycle_i);
      ev_axon_o[d]  = q_axon[d][q_rd_q[d][QW-1:0]];
      if (q_wr_q[d] != q_rd_q[d]) idle_o = 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (clear_i) begin
      for (int d = 0; d < Cores; d++) begin
        q_wr_q[d] <= '0;
        q_rd_q[d] <= '0;
      end
    end else if (en_i) begin
      for (int d = 0; d < Cores; d++) if (ev_valid_o[d]) q_rd_q[d] <= q_rd_q[d] + 1'b1;
      for (int s = 0; s <= Cores; s++) begin
        if (rq_grant_o[s]) begin
          q_arrive[rq_core_i[s]][q_wr_q[rq_core_i[s]][QW-1:0]] <= cycle_i + 32'(latency_i);
          q_axon[rq_core_i[s]][q_wr_q[rq_core_i[s]][QW-1:0]]   <= rq_axon_i[s];
          q_wr_q[rq_core_i[s]] <= q_wr_q[rq_core_i[s]] + 1'b1;
        end
      end
    end
  end

endmodule
