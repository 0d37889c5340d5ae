// The accumulator ring acc[D][N] (docs/cycle-model.md): the current a synapse delivers
// lands in slot (t + delay) mod D of its neuron; the neuron pipeline reads slot t mod D
// and clears it. Lanes banks (bank = post mod Lanes, address = slot * Rows + post / Lanes),
// so a dense beat's lanes, which hit distinct neurons, update it in one cycle. The banks read
// synchronously: a read-modify-write's word is read the cycle before, from the lanes' next
// values, and the issued neuron's slot t word arrives in stage a. A sample clear sweeps
// every address, clear_i held ClearCycles cycles.
module nmx_acc_ring
#(
  parameter int unsigned N     = 256,
  parameter int unsigned DMax  = 64,
  parameter int unsigned Lanes = 8,
  localparam int unsigned NW = N > 1 ? $clog2(N) : 1,
  localparam int unsigned DW = DMax > 1 ? $clog2(DMax) : 1
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 en_i,
  input  logic                                 clear_i,
  // stage 3: the synapse lanes' currents
  input  logic [Lanes-1:0]                     lane_valid_i,
  input  logic [Lanes*NW-1:0]                  lane_post_i,
  input  logic [Lanes*DW-1:0]                  lane_slot_i,
  input  logic [Lanes*nmx_pkg::StateBits-1:0]  lane_w_i,
  // the lanes' next valid, post, slot: a bank is read the cycle before its read-modify-write
  input  logic [Lanes-1:0]                     lane_valid_d_i,
  input  logic [Lanes*NW-1:0]                  lane_post_d_i,
  input  logic [Lanes*DW-1:0]                  lane_slot_d_i,
  // the neuron pipeline: read neuron rd_idx_i of slot t (rd_o the next cycle), clear it after
  input  logic                                 rd_en_i,
  input  logic [NW-1:0]                        rd_idx_i,
  input  logic [DW-1:0]                        slot_t_i,
  output logic signed [nmx_pkg::StateBits-1:0] rd_o,
  input  logic                                 wb_i,
  input  logic [NW-1:0]                        wb_idx_i
);

  localparam int unsigned LaneShift = $clog2(Lanes);
  localparam int unsigned LW        = Lanes > 1 ? LaneShift : 1;
  localparam int unsigned Rows      = (N + Lanes - 1) / Lanes;   // addresses per slot in a bank
  localparam int unsigned RowW      = Rows > 1 ? $clog2(Rows) : 1;
  localparam int unsigned BankDepth = DMax * Rows;
  localparam int unsigned BW        = BankDepth > 1 ? $clog2(BankDepth) : 1;
  localparam logic [LW-1:0] BankMask = LW'(Lanes - 1);

  logic [BW-1:0] clr_q, clr_d;  // clear sweep address
  logic [LW-1:0] rd_bank, wb_bank, rd_bank_q;
  logic [BW-1:0] slot_row;      // slot t's first address in a bank
  logic [RowW-1:0] rd_row, wb_row; // neuron / Lanes: the address within a slot
  logic [Lanes*nmx_pkg::StateBits-1:0] bank_rd;

  assign clr_d    = clear_i ? clr_q + 1'b1 : '0;
  assign rd_bank  = LW'(rd_idx_i) & BankMask;
  assign wb_bank  = LW'(wb_idx_i) & BankMask;
  assign slot_row = BW'(slot_t_i) * BW'(Rows);
  assign rd_row   = RowW'(rd_idx_i >> LaneShift);
  assign wb_row   = RowW'(wb_idx_i >> LaneShift);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) clr_q <= '0;
    else         clr_q <= clr_d;
  end
  always_ff @(posedge clk_i) if (en_i) rd_bank_q <= rd_bank;

  // Which lane writes each bank (at most one per beat: a dense beat's lanes hit distinct
  // neurons, a sparse beat has one synapse; the lowest lane wins otherwise), for this
  // cycle's lanes and for their next values. One pass over the lanes, highest first so that
  // the lowest lane's choice stands: the priority mux per bank, at L rather than L * L
  // comparisons per simulated cycle.
  logic [Lanes-1:0]    bank_hit;
  logic [Lanes*LW-1:0] bank_lane, bank_lane_n;
  function automatic logic [LW-1:0] bank_of(input logic [LW-1:0] post_low);  // post mod Lanes
    bank_of = post_low & BankMask;
  endfunction
  always_comb begin
    bank_hit  = '0;
    bank_lane = '0;
    if (lane_valid_i != '0)  // none outside a synaptic phase's beats: nothing to choose
      for (int l = Lanes - 1; l >= 0; l--)
        if (lane_valid_i[l]) begin
          bank_hit[bank_of(LW'(lane_post_i[NW*l +: NW]))]         = 1'b1;
          bank_lane[LW*bank_of(LW'(lane_post_i[NW*l +: NW])) +: LW] = LW'(l);
        end
  end
  always_comb begin
    bank_lane_n = '0;
    if (lane_valid_d_i != '0)
      for (int l = Lanes - 1; l >= 0; l--)
        if (lane_valid_d_i[l]) bank_lane_n[LW*bank_of(LW'(lane_post_d_i[NW*l +: NW])) +: LW] = LW'(l);
  end

  for (genvar b = 0; b < Lanes; b++) begin : g_acc_bank
    logic                               hit;    // a lane targets this bank this cycle
    logic [LW-1:0]                      lane;   // the lowest such lane
    logic [NW-1:0]                      post;
    logic [RowW-1:0]                    post_row;
    logic [DW-1:0]                      slot;
    logic signed [nmx_pkg::StateBits-1:0] w;
    logic [BW-1:0]                      rmw_addr, raddr, waddr;
    logic [nmx_pkg::StateBits-1:0]      rdata, wdata, mem_rdata, fwd_data_q;
    logic                               we, fwd_q;
    // the same choice on the lanes' next values: next cycle's read-modify-write address
    logic [LW-1:0]                      lane_n;
    logic [NW-1:0]                      post_n;
    logic [DW-1:0]                      slot_n;
    logic [BW-1:0]                      rmw_addr_n;

    assign hit        = bank_hit[b];
    assign lane       = bank_lane[LW*b +: LW];
    assign lane_n     = bank_lane_n[LW*b +: LW];
    assign post_n     = lane_post_d_i[NW*lane_n +: NW];
    assign slot_n     = lane_slot_d_i[DW*lane_n +: DW];
    assign rmw_addr_n = BW'(slot_n) * BW'(Rows) + BW'(RowW'(post_n >> LaneShift));
    always_comb begin  // the chosen lane's synapse (zero without one: operand isolation)
      post = '0;
      slot = '0;
      w    = '0;
      if (hit) begin
        post = lane_post_i[NW*lane +: NW];
        slot = lane_slot_i[DW*lane +: DW];
        w    = lane_w_i[nmx_pkg::StateBits*lane +: nmx_pkg::StateBits];
      end
    end
    assign post_row = RowW'(post >> LaneShift);
    assign rmw_addr = BW'(slot) * BW'(Rows) + BW'(post_row);
    // Read this cycle: the issued neuron's slot t word (rd_o next cycle), else the word the
    // read-modify-write updates next cycle.
    assign raddr    = rd_en_i ? slot_row + BW'(rd_row) : rmw_addr_n;

    always_comb begin
      we    = 1'b0;
      waddr = rmw_addr;
      wdata = '0;
      if (clear_i) begin
        we    = 1'b1;
        waddr = clr_q;
      end else if (en_i && hit) begin
        we    = 1'b1;
        wdata = nmx_pkg::sat_state(nmx_pkg::WideBits'(signed'(rdata)) + nmx_pkg::WideBits'(w));
      end else if (en_i && wb_i && wb_bank == LW'(b)) begin  // slot t was read: clear it
        we    = 1'b1;
        waddr = slot_row + BW'(wb_row);
        wdata = '0;
      end
    end

    nmx_sram #(.Width (nmx_pkg::StateBits), .Depth (BankDepth)) u_bank (
      .clk_i, .we_i (we), .waddr_i (waddr), .wdata_i (wdata), .re_i (en_i), .raddr_i (raddr), .rdata_o (mem_rdata)
    );
    // A word written in the cycle it was read for the next read-modify-write (two beats on
    // one neuron and slot) is the macro's old word: forward the new one.
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni)   fwd_q <= 1'b0;
      else if (en_i) fwd_q <= we && !rd_en_i && waddr == raddr;
    end
    always_ff @(posedge clk_i) if (en_i) fwd_data_q <= wdata;
    assign rdata = fwd_q ? fwd_data_q : mem_rdata;
    assign bank_rd[nmx_pkg::StateBits*b +: nmx_pkg::StateBits] = rdata;
  end

  assign rd_o = signed'(bank_rd[nmx_pkg::StateBits*rd_bank_q +: nmx_pkg::StateBits]);
endmodule
