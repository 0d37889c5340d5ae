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

  for (genvar b = 0; b < Lanes; b++) begin : g_acc_bank
    // The lane whose synapse targets this bank (at most one per beat: a dense beat's lanes
    // hit distinct neurons, a sparse beat has one synapse).
    logic                               hit;
    logic [LW-1:0]                      lane;
    logic [NW-1:0]                      post;
    logic [RowW-1:0]                    post_row;
    logic [DW-1:0]                      slot;
    logic signed [nmx_pkg::StateBits-1:0] w;
    logic [BW-1:0]                      rmw_addr, raddr, waddr;
    logic [nmx_pkg::StateBits-1:0]      rdata, wdata, mem_rdata, fwd_data_q;
    logic                               we, fwd_q;
    // the same lane choice on the lanes' next values: next cycle's read-modify-write address
    logic                               hit_n;
    logic [LW-1:0]                      lane_n;
    logic [NW-1:0]                      post_n;
    logic [DW-1:0]                      slot_n;
    logic [BW-1:0]                      rmw_addr_n;

    always_comb begin
      hit  = 1'b0;
      lane = '0;
      for (int l = 0; l < Lanes; l++)
        if (!hit && lane_valid_i[l] && (LW'(lane_post_i[NW*l +: NW]) & BankMask) == LW'(b)) begin
          hit  = 1'b1;
          lane = LW'(l);
        end
    end
    always_comb begin
      hit_n  = 1'b0;
      lane_n = '0;
      for (int l = 0; l < Lanes; l++)
        if (!hit_n && lane_valid_d_i[l] && (LW'(lane_post_d_i[NW*l +: NW]) & BankMask) == LW'(b)) begin
          hit_n  = 1'b1;
          lane_n = LW'(l);
        end
    end
    assign post_n     = lane_post_d_i[NW*lane_n +: NW];
    assign slot_n     = lane_slot_d_i[DW*lane_n +: DW];
    assign rmw_addr_n = BW'(slot_n) * BW'(Rows) + BW'(RowW'(post_n >> LaneShift));
    assign post     = lane_post_i[NW*lane +: NW];
    assign slot     = lane_slot_i[DW*lane +: DW];
    assign w        = lane_w_i[nmx_pkg::StateBits*lane +: nmx_pkg::StateBits];
    assign post_row = RowW'(post >> LaneShift);
    assign rmw_addr = BW'(slot) * BW'(Rows) + BW'(post_row);
    // Read this cycle: the issued neuron's slot t word (rd_o next cycle), else the word the
    // read-modify-write updates next cycle.
    assign raddr    = rd_en_i ? slot_row + BW'(rd_row) : rmw_addr_n;

    always_comb begin
      we    = 1'b0;
      waddr = rmw_addr;
      wdata = nmx_pkg::sat_state(nmx_pkg::WideBits'(signed'(rdata)) + nmx_pkg::WideBits'(w));
      if (clear_i) begin
        we    = 1'b1;
        waddr = clr_q;
        wdata = '0;
      end else if (en_i && hit) begin
        we = 1'b1;
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
