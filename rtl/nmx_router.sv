// AER router (docs/cycle-model.md): Sources = cores + host port offer at most one event
// per cycle each; every destination core accepts one event per cycle, granted in rotating
// priority (source `cycle mod S` first); a granted event is written into the
// destination's next-step event buffer latency_i cycles later. Per destination, a queue of
// (arrival cycle mod 2^ArrivalBits, axon) holds the events in flight: arrivals are in order
// because the latency is the same for every event.
module nmx_router
#(
  parameter int unsigned Cores  = 20,
  parameter int unsigned CoreW  = 5,
  parameter int unsigned Depth  = nmx_pkg::RouterDepth  // events in flight per destination (>= max latency)
) (
  input  logic                                    clk_i,
  input  logic                                    rst_ni,
  input  logic                                    en_i,
  input  logic                                    clear_i,
  input  logic [CoreW-1:0]                        sources_i,   // S = active cores + 1 (the host is source S-1)
  input  logic [CoreW-1:0]                        host_i,      // index of the host source, S - 1
  input  logic [nmx_pkg::LatencyBits-1:0]         latency_i,   // 1 + (mesh_x - 1) + (mesh_y - 1)
  input  logic [nmx_pkg::ArrivalBits-1:0]         cycle_i,     // running cycles since the sample started, mod 2^ArrivalBits
  input  logic [CoreW-1:0]                        rot_i,       // cycle mod S
  // requests, one per source (host in slot Cores), packed: source s at [s]
  input  logic [Cores:0]                          rq_valid_i,
  input  logic [(Cores+1)*CoreW-1:0]              rq_core_i,
  input  logic [(Cores+1)*nmx_pkg::AxonIdBits-1:0] rq_axon_i,
  output logic [Cores:0]                          rq_grant_o,
  // deliveries, one per destination core
  output logic [Cores-1:0]                        ev_valid_o,
  output logic [Cores*nmx_pkg::AxonIdBits-1:0]    ev_axon_o,
  output logic                                    idle_o
);

  localparam int unsigned QW = Depth > 1 ? $clog2(Depth) : 1;
  localparam int unsigned XB = nmx_pkg::AxonIdBits;
  localparam int unsigned TB = nmx_pkg::ArrivalBits;
  localparam int unsigned EntryBits = TB + XB;  // {arrival cycle mod 2^TB, axon}

  // Source slot s: cores 0..Cores-1, then the host in slot Cores; in rotation order the
  // host is source number host_i, and a source's position is its distance from rot_i.
  function automatic logic [CoreW:0] position(input int unsigned slot, input logic [CoreW-1:0] rot,
                                              input logic [CoreW-1:0] s_count, input logic [CoreW-1:0] host);
    logic [CoreW:0] idx;
    idx = (slot == Cores) ? {1'b0, host} : (CoreW+1)'(slot);
    position = (idx >= {1'b0, rot}) ? idx - {1'b0, rot} : idx + {1'b0, s_count} - {1'b0, rot};
  endfunction

  logic [(Cores+1)*(CoreW+1)-1:0] pos;  // source s at [(CoreW+1)*s +: CoreW+1] (flat: no memory to infer)
  logic [Cores-1:0] busy;

  always_comb begin
    for (int s = 0; s <= Cores; s++) pos[(CoreW+1)*s +: CoreW+1] = position(s, rot_i, sources_i, host_i);
    // The first requester of each destination in rotation order wins (no arbitration in the
    // many cycles without a request).
    rq_grant_o = '0;
    if (rq_valid_i != '0)
      for (int s = 0; s <= Cores; s++) begin
        rq_grant_o[s] = rq_valid_i[s];
        for (int o = 0; o <= Cores; o++)
          if (o != s && rq_valid_i[o] && rq_core_i[CoreW*o +: CoreW] == rq_core_i[CoreW*s +: CoreW]
              && pos[(CoreW+1)*o +: CoreW+1] < pos[(CoreW+1)*s +: CoreW+1])
            rq_grant_o[s] = 1'b0;
      end
  end

  for (genvar d = 0; d < Cores; d++) begin : g_dest
    logic [QW:0]            wr_q, wr_d, rd_q, rd_d;
    logic                   we;
    logic [EntryBits-1:0]   wdata, head, rdata, byp_data_q;
    logic                   pending, qwe, byp_q;

    always_comb begin
      we    = 1'b0;
      wdata = '0;
      if (rq_grant_o != '0)
        for (int s = 0; s <= Cores; s++)
          if (rq_grant_o[s] && rq_core_i[CoreW*s +: CoreW] == CoreW'(d)) begin
            we    = 1'b1;  // at most one grant per destination
            wdata = {cycle_i + TB'(latency_i), rq_axon_i[XB*s +: XB]};
          end
    end

    // Read with rd's next value, every cycle; an entry written to that very address (the
    // queue was empty) is the macro's old word, so a bypass register carries it instead.
    assign qwe = en_i && !clear_i && we;
    nmx_sram #(.Width (EntryBits), .Depth (Depth)) u_queue (
      .clk_i, .we_i (qwe), .waddr_i (wr_q[QW-1:0]), .wdata_i (wdata),
      .re_i (1'b1), .raddr_i (rd_d[QW-1:0]), .rdata_o (rdata)
    );
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) byp_q <= 1'b0;
      else         byp_q <= qwe && wr_q[QW-1:0] == rd_d[QW-1:0];
    end
    always_ff @(posedge clk_i) byp_data_q <= wdata;
    assign head = byp_q ? byp_data_q : rdata;

    assign pending        = wr_q != rd_q;
    assign ev_valid_o[d]  = pending && head[XB +: TB] == cycle_i;
    assign ev_axon_o[XB*d +: XB] = head[XB-1:0];
    assign busy[d]        = pending;

    always_comb begin
      wr_d = wr_q;
      rd_d = rd_q;
      if (en_i) begin
        if (we) wr_d = wr_q + 1'b1;
        if (ev_valid_o[d]) rd_d = rd_q + 1'b1;
      end
      if (clear_i) begin
        wr_d = '0;
        rd_d = '0;
      end
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        wr_q <= '0;
        rd_q <= '0;
      end else begin
        wr_q <= wr_d;
        rd_q <= rd_d;
      end
    end
  end

  assign idle_o = busy == '0;
endmodule
