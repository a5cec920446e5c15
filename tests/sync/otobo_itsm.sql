-- The ITSM Configuration Management tables the sync reads (RotherOSS/ITSMConfigurationManagement's
-- ITSMConfigurationManagement.sopm, and general_catalog of the GeneralCatalog package).
-- Loaded only by the tests that have ITSM installed.
CREATE TABLE general_catalog (
    id serial NOT NULL,
    general_catalog_class VARCHAR (100) NOT NULL,
    name VARCHAR (100) NOT NULL,
    valid_id SMALLINT NOT NULL,
    comments VARCHAR (200) NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
);
CREATE TABLE configitem (
    id bigserial NOT NULL,
    configitem_number VARCHAR (100) NOT NULL,
    class_id INTEGER NOT NULL,
    last_version_id BIGINT NULL,
    cur_depl_state_id INTEGER NULL,
    cur_inci_state_id INTEGER NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
);
CREATE TABLE configitem_version (
    id bigserial NOT NULL,
    configitem_id BIGINT NOT NULL,
    name VARCHAR (191) NOT NULL,
    version_string VARCHAR (191) NOT NULL,
    definition_id INTEGER NOT NULL,
    depl_state_id INTEGER NOT NULL,
    inci_state_id INTEGER NULL,
    description VARCHAR NULL,
    create_time timestamp(0) NOT NULL,
    create_by INTEGER NOT NULL,
    change_time timestamp(0) NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
);
