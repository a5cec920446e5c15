-- Written by tests/sync/schema_from_otobo.py from ITSMConfigurationManagement.sopm and GeneralCatalog; do not edit.
CREATE TABLE general_catalog (
    id INTEGER AUTO_INCREMENT NOT NULL,
    general_catalog_class VARCHAR (100) NOT NULL,
    name VARCHAR (100) NOT NULL,
    valid_id SMALLINT NOT NULL,
    comments VARCHAR (200) NULL,
    create_time DATETIME NOT NULL,
    create_by INTEGER NOT NULL,
    change_time DATETIME NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
) ENGINE = InnoDB;
CREATE TABLE configitem (
    id BIGINT AUTO_INCREMENT NOT NULL,
    configitem_number VARCHAR (100) NOT NULL,
    class_id INTEGER NOT NULL,
    last_version_id BIGINT NULL,
    cur_depl_state_id INTEGER NULL,
    cur_inci_state_id INTEGER NULL,
    create_time DATETIME NOT NULL,
    create_by INTEGER NOT NULL,
    change_time DATETIME NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
) ENGINE = InnoDB;
CREATE INDEX configitem_class_id ON configitem (class_id);
CREATE INDEX configitem_last_version_id ON configitem (last_version_id);
CREATE INDEX configitem_cur_depl_state_id ON configitem (cur_depl_state_id);
CREATE INDEX configitem_cur_inci_state_id ON configitem (cur_inci_state_id);
CREATE TABLE configitem_version (
    id BIGINT AUTO_INCREMENT NOT NULL,
    configitem_id BIGINT NOT NULL,
    name VARCHAR (191) NOT NULL,
    version_string VARCHAR (191) NOT NULL,
    definition_id INTEGER NOT NULL,
    depl_state_id INTEGER NOT NULL,
    inci_state_id INTEGER NULL,
    description MEDIUMTEXT NULL,
    create_time DATETIME NOT NULL,
    create_by INTEGER NOT NULL,
    change_time DATETIME NOT NULL,
    change_by INTEGER NOT NULL,
    PRIMARY KEY(id)
) ENGINE = InnoDB;
CREATE INDEX configitem_version_configitem_id ON configitem_version (configitem_id);
CREATE INDEX configitem_version_depl_state_id ON configitem_version (depl_state_id);
CREATE INDEX configitem_version_inci_state_id ON configitem_version (inci_state_id);
