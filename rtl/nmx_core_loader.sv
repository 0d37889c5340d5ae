// The core's side of the memory-image load port (docs/formats.md, "RTL memory image"):
// decodes a write into the write strobe of one table, and holds the core configuration.
// Field positions come from nmx_pkg.
module nmx_core_loader
#(
  parameter int unsigned LdBits = 256
) (
  input  logic                               clk_i,
  input  logic                               rst_ni,
  input  logic                               ld_valid_i,
  input  nmx_pkg::ld_mem_e                   ld_mem_i,
  input  logic [LdBits-1:0]                  ld_data_i,
  // table write strobes (address and data are the port's)
  output logic                               axon_we_o,
  output logic                               syn_we_o,
  output logic                               tern_we_o,
  output logic                               param_a_we_o,
  output logic                               param_b_we_o,
  output logic                               lut_we_o,
  output logic                               clamp_we_o,
  output logic                               route_ptr_we_o,
  output logic                               route_we_o,
  output logic                               pl_group_we_o,   // the plasticity unit's tables
  output logic                               pl_rule_we_o,
  output logic                               pl_colptr_we_o,
  output logic                               pl_column_we_o,
  output logic                               pl_elig_we_o,
  output logic                               pl_learn_we_o,
  output logic                               pl_seed_we_o,
  // core configuration
  output logic [nmx_pkg::CcNeuronsBits-1:0]  cfg_neurons_o,
  output logic [nmx_pkg::CcAxonsBits-1:0]    cfg_axons_o,
  output logic [nmx_pkg::ShiftBits-1:0]      cfg_shift_o,
  output logic [nmx_pkg::CcGroupsBits-1:0]   cfg_groups_o    // synapse groups (0: no plasticity phase)
);

  logic                              cfg_we;
  logic [nmx_pkg::CcNeuronsBits-1:0] cfg_neurons_q, cfg_neurons_d;
  logic [nmx_pkg::CcAxonsBits-1:0]   cfg_axons_q, cfg_axons_d;
  logic [nmx_pkg::ShiftBits-1:0]     cfg_shift_q, cfg_shift_d;
  logic [nmx_pkg::CcGroupsBits-1:0]  cfg_groups_q, cfg_groups_d;

  assign axon_we_o      = ld_valid_i && ld_mem_i == nmx_pkg::LdAxon;
  assign syn_we_o       = ld_valid_i && ld_mem_i == nmx_pkg::LdSynapse;
  assign tern_we_o      = ld_valid_i && ld_mem_i == nmx_pkg::LdTernary;
  assign param_a_we_o   = ld_valid_i && ld_mem_i == nmx_pkg::LdNeuronA;
  assign param_b_we_o   = ld_valid_i && ld_mem_i == nmx_pkg::LdNeuronB;
  assign lut_we_o       = ld_valid_i && ld_mem_i == nmx_pkg::LdLut;
  assign clamp_we_o     = ld_valid_i && ld_mem_i == nmx_pkg::LdClamp;
  assign route_ptr_we_o = ld_valid_i && ld_mem_i == nmx_pkg::LdRoutePtr;
  assign route_we_o     = ld_valid_i && ld_mem_i == nmx_pkg::LdRoute;
  assign cfg_we         = ld_valid_i && ld_mem_i == nmx_pkg::LdConfig;
  assign pl_group_we_o  = ld_valid_i && ld_mem_i == nmx_pkg::LdPlGroup;
  assign pl_rule_we_o   = ld_valid_i && ld_mem_i == nmx_pkg::LdRule;
  assign pl_colptr_we_o = ld_valid_i && ld_mem_i == nmx_pkg::LdColPtr;
  assign pl_column_we_o = ld_valid_i && ld_mem_i == nmx_pkg::LdColumn;
  assign pl_elig_we_o   = ld_valid_i && ld_mem_i == nmx_pkg::LdElig;
  assign pl_learn_we_o  = ld_valid_i && ld_mem_i == nmx_pkg::LdLearn;
  assign pl_seed_we_o   = ld_valid_i && ld_mem_i == nmx_pkg::LdPlSeed;

  always_comb begin
    cfg_neurons_d = cfg_neurons_q;
    cfg_axons_d   = cfg_axons_q;
    cfg_shift_d   = cfg_shift_q;
    cfg_groups_d  = cfg_groups_q;
    if (cfg_we) begin
      cfg_groups_d  = ld_data_i[nmx_pkg::CcGroupsLsb +: nmx_pkg::CcGroupsBits];
      cfg_neurons_d = ld_data_i[nmx_pkg::CcNeuronsLsb +: nmx_pkg::CcNeuronsBits];
      cfg_axons_d   = ld_data_i[nmx_pkg::CcAxonsLsb +: nmx_pkg::CcAxonsBits];
      cfg_shift_d   = ld_data_i[nmx_pkg::CcShiftLsb +: nmx_pkg::ShiftBits];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cfg_neurons_q <= '0;
      cfg_axons_q   <= '0;
      cfg_shift_q   <= '0;
      cfg_groups_q  <= '0;
    end else begin
      cfg_groups_q  <= cfg_groups_d;
      cfg_neurons_q <= cfg_neurons_d;
      cfg_axons_q   <= cfg_axons_d;
      cfg_shift_q   <= cfg_shift_d;
    end
  end

  assign cfg_neurons_o = cfg_neurons_q;
  assign cfg_axons_o   = cfg_axons_q;
  assign cfg_shift_o   = cfg_shift_q;
  assign cfg_groups_o  = cfg_groups_q;

  logic unused;
  assign unused = ^ld_data_i;  // the other bits belong to the tables
endmodule
